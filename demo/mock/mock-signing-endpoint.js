// A stand-in for an integrator's signing endpoint, answering in each upstream shape of docs/tencent.md §1 and in the
// ways real servers fail. Plain JavaScript so both the Vite dev server and the test runner's config can load it.
//
//   GET /mock/code?shape=cos|cloud|legacy|signed|signed-loop|cos-error|cloud-error|legacy-error
//                  |http-500|html|bad-xml|bad-json|non-digit|numeric|huge
//        &code=0521          a fixed code instead of a random one
//        &delay=15000        wait this many milliseconds before answering
//        &upstream=...       (shape=signed) the shape the signed request answers in
//        &require-header=x-csrf-token:abc   answer 403 unless the request carries that header
//        &require-method=POST               answer 405 unless the request used that method
//        &cacheable=1        mark the answer cacheable for an hour (the element must not reuse it)
//        &sequence=1         codes 0001, 0002, … instead of random ones, so a reused answer is visible
//        &fail-once=<key>    answer the first request carrying this key with HTTP 503, as a busy proxy does
//        &require-cookie=sid answer 403 unless the request carries that cookie (a session-protected endpoint)

export const MOCK_PATH = '/mock/code';

let sequence = 0;
/** The `fail-once` keys already answered with 503. */
const failedOnce = new Set();

/** @returns {string} */
function randomCode() {
  return String(Math.floor(Math.random() * 10000)).padStart(4, '0');
}

/** @returns {string} */
function nextCode() {
  sequence = (sequence + 1) % 10000;
  return String(sequence).padStart(4, '0');
}

/**
 * @param {URL} url
 * @param {{ method: string, headers: Record<string, string | string[] | undefined> }} request
 * @returns {{ status: number, headers: Record<string, string>, body: string, delayMs: number }}
 */
export function mockAnswer(url, request) {
  const query = url.searchParams;
  const shape = query.get('shape') ?? 'cos';
  const code = query.get('code') ?? (query.has('sequence') ? nextCode() : randomCode());
  const delayMs = Number(query.get('delay') ?? 0);
  const cache = query.get('cacheable') ? 'public, max-age=3600' : 'no-store';
  const xml = (status, body) => ({
    status,
    delayMs,
    body,
    headers: { 'content-type': 'application/xml', 'cache-control': cache },
  });
  const json = (status, value) => ({
    status,
    delayMs,
    body: typeof value === 'string' ? value : JSON.stringify(value),
    headers: { 'content-type': 'application/json', 'cache-control': cache },
  });

  const failOnce = query.get('fail-once');
  if (failOnce && !failedOnce.has(failOnce)) {
    failedOnce.add(failOnce);
    return {
      status: 503,
      delayMs,
      body: 'Service Unavailable',
      headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
    };
  }

  const requiredHeader = query.get('require-header');
  if (requiredHeader) {
    const [name, value] = requiredHeader.split(':');
    if (request.headers[name.toLowerCase()] !== value) {
      return xml(403, errorXml('AccessDenied', `Missing header ${name}.`));
    }
  }
  const requiredCookie = query.get('require-cookie');
  if (
    requiredCookie &&
    !String(request.headers.cookie ?? '')
      .split(/;\s*/)
      .some((pair) => pair.startsWith(`${requiredCookie}=`))
  ) {
    return xml(403, errorXml('AccessDenied', `Missing cookie ${requiredCookie}.`));
  }
  const requiredMethod = query.get('require-method');
  if (requiredMethod && request.method !== requiredMethod) {
    return xml(405, errorXml('MethodNotAllowed', `Use ${requiredMethod}.`));
  }

  const requestId = `mock-${Math.random().toString(36).slice(2, 10)}`;
  switch (shape) {
    case 'cos':
      return xml(
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <LiveCode>${code}</LiveCode>\n</Response>`,
      );
    case 'cloud':
      return json(200, { Response: { LiveCode: code, RequestId: requestId } });
    case 'legacy':
      return json(200, { data: { validate_data: code }, code: 0, message: 'OK' });
    case 'signed': {
      const signed = new URL(MOCK_PATH, url);
      signed.searchParams.set('shape', query.get('upstream') ?? 'cos');
      if (query.has('code')) signed.searchParams.set('code', code);
      return json(200, { url: signed.href, method: 'GET' });
    }
    case 'signed-loop': {
      const signed = new URL(MOCK_PATH, url);
      signed.searchParams.set('shape', 'signed');
      return json(200, { url: signed.href, method: 'GET' });
    }
    case 'cos-error':
      return xml(
        403,
        errorXml(
          query.get('error') ?? 'SignatureDoesNotMatch',
          'The request signature we calculated does not match.',
          requestId,
        ),
      );
    case 'cloud-error':
      return json(200, {
        Response: {
          Error: {
            Code: query.get('error') ?? 'UnauthorizedOperation.Nonactivated',
            Message: query.get('message') ?? '未开通服务。',
          },
          RequestId: requestId,
        },
      });
    case 'legacy-error':
      return json(200, {
        data: {},
        code: Number(query.get('error') ?? 5),
        message: query.get('message') ?? 'signature wrong',
      });
    case 'http-500':
      return { status: 500, delayMs, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } };
    case 'html':
      return {
        status: Number(query.get('status') ?? 502),
        delayMs,
        body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        headers: { 'content-type': 'text/html' },
      };
    case 'bad-xml':
      return xml(200, '<Response><LiveCode>1234</LiveCode>');
    case 'bad-json':
      return json(200, '{"Response":{"LiveCode":"1234"');
    case 'non-digit':
      return json(200, { Response: { LiveCode: query.get('code') ?? '12a4', RequestId: requestId } });
    case 'numeric':
      return json(200, { data: { validate_data: 521 }, code: 0, message: 'OK' });
    case 'huge':
      return json(200, { Response: { LiveCode: '1234', Padding: 'x'.repeat(200_000) } });
    default:
      return json(400, { error: `Unknown mock shape ${shape}` });
  }
}

/** @param {string} code @param {string} message @param {string} [requestId] */
function errorXml(code, message, requestId = 'mock-request') {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n  <TraceId>mock-trace</TraceId>\n</Error>`;
}

/**
 * Connect-style middleware (Vite's dev and preview servers).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {() => void} next
 */
export function mockSigningEndpoint(req, res, next) {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (url.pathname !== MOCK_PATH) return next();
  const answer = mockAnswer(url, { method: req.method ?? 'GET', headers: req.headers });
  const timer = setTimeout(() => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }, answer.delayMs);
  res.on('close', () => clearTimeout(timer));
}

/**
 * Koa-style middleware (the test runner's dev server).
 * @param {any} context
 * @param {() => Promise<void>} next
 */
export async function mockSigningEndpointKoa(context, next) {
  if (context.path !== MOCK_PATH) return next();
  const url = new URL(context.href);
  const answer = mockAnswer(url, { method: context.method, headers: context.headers });
  if (answer.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
  context.status = answer.status;
  context.set(answer.headers);
  context.body = answer.body;
}
