// A test endpoint that reads an upload as a server would (multipart form, headers) and answers with a verdict whose
// `description` tells what it received, so a test can check what really went over the wire.
import { Readable } from 'node:stream';

export const ECHO_UPLOAD_PATH = '/mock/echo-upload';

/**
 * Koa middleware (the test runner's dev server).
 * @param {any} context
 * @param {() => Promise<void>} next
 */
export async function echoUploadKoa(context, next) {
  if (context.path !== ECHO_UPLOAD_PATH) return next();
  const request = new Request(context.href, {
    method: context.method,
    headers: /** @type {Record<string, string>} */ (context.headers),
    body: /** @type {any} */ (Readable.toWeb(context.req)),
    duplex: 'half',
  });
  /** @type {Record<string, string | { name: string, type: string, size: number }>} */
  const fields = {};
  for (const [name, value] of await request.formData()) {
    fields[name] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size };
  }
  const received = { method: context.method, fields, headers: context.headers };
  context.set('content-type', 'application/json');
  context.body = JSON.stringify({ ok: true, result: { passed: true, description: JSON.stringify(received) } });
}
