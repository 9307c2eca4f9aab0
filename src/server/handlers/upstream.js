function relayedStatus(status) {
    // 204/205 cannot carry the body being relayed, and a 3xx (redirect: 'manual') has nowhere useful to send a browser.
    const success = status >= 200 && status < 300 && status !== 204 && status !== 205;
    return success || (status >= 400 && status <= 599) ? status : 502;
}
// AbortSignal.timeout rejects with a DOMException named TimeoutError; checking the name works on every runtime.
function isTimeout(error) {
    return typeof error === 'object' && error !== null && error.name === 'TimeoutError';
}
export async function relayUpstream(call) {
    let upstream;
    let body;
    try {
        upstream = await call.fetch(call.url, {
            ...call.init,
            redirect: 'manual',
            signal: AbortSignal.timeout(call.timeoutMs),
        });
        body = await upstream.text();
    }
    catch (error) {
        return call.errorShape(isTimeout(error) ? 'timeout' : 'unreachable');
    }
    // baseUrl is configurable: a wrong one (say, an echo service) must not turn the handler into a key oracle.
    if (call.secrets.some((secret) => secret && body.includes(secret)))
        return call.errorShape('withheld');
    return new Response(body, {
        status: relayedStatus(upstream.status),
        headers: { 'Content-Type': upstream.headers.get('Content-Type') ?? call.contentType },
    });
}
