function requestUrl(req) {
    const encrypted = req.socket.encrypted === true;
    // Express strips its mount path from req.url; originalUrl keeps the URL the client asked for.
    const path = req.originalUrl ?? req.url ?? '/';
    return new URL(path, `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
}
function requestHeaders(req) {
    const headers = new Headers();
    for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
        const name = req.rawHeaders[index];
        if (!name.startsWith(':'))
            headers.append(name, req.rawHeaders[index + 1]);
    }
    return headers;
}
// Lazy on purpose: a handler that never reads the body (none of ours does) leaves req untouched, so Node can drain
// it after the answer and reuse the connection. Hence highWaterMark 0 (no read ahead) and the iterator made on the
// first read: an async iterator left suspended would keep Node from draining.
function requestBody(req) {
    let chunks;
    return new ReadableStream({
        async pull(controller) {
            chunks ??= req[Symbol.asyncIterator]();
            const { value, done } = await chunks.next();
            if (done)
                controller.close();
            else
                controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
        },
        async cancel() {
            await chunks?.return?.();
        },
    }, { highWaterMark: 0 });
}
function toRequest(req) {
    const method = req.method ?? 'GET';
    // A body parser (express.json) may already have read the stream; then there is nothing left to forward.
    const hasBody = method !== 'GET' && method !== 'HEAD' && !req.readableEnded;
    const init = { method, headers: requestHeaders(req) };
    if (hasBody) {
        init.body = requestBody(req);
        init.duplex = 'half';
    }
    return new Request(requestUrl(req), init);
}
async function writeResponse(response, method, res) {
    const headers = {};
    response.headers.forEach((value, name) => {
        if (name !== 'set-cookie')
            headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0)
        headers['set-cookie'] = cookies;
    // The answers are a few hundred bytes: buffering is simpler than piping and loses nothing.
    const body = method === 'HEAD' || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
    res.writeHead(response.status, headers);
    res.end(body);
}
function writeFailure(res, status, text) {
    if (res.headersSent) {
        res.destroy();
        return;
    }
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
}
export function toNodeListener(handler) {
    return async (req, res) => {
        let request;
        try {
            request = toRequest(req);
        }
        catch {
            writeFailure(res, 400, 'Bad Request');
            return;
        }
        try {
            await writeResponse(await handler(request), req.method, res);
        }
        catch {
            // No details: the error could quote a header or a key.
            writeFailure(res, 500, 'Internal Server Error');
        }
    };
}
