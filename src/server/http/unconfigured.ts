// The stand-in for a handler created without one of its credentials (see `credentialText`): the build that created
// it goes through, and the deployment that forgot the variable finds out from its first request. It keeps the
// origin check and CORS of the real handler, so a listed page can read why, and answers 500 in the upstream's
// shape, naming the option and never a value. It never succeeds.
import { serve } from './serve.js';
import type { ErrorShape, RequestHandler } from './types.js';

export interface UnconfiguredSetup {
  /** The option that is missing, e.g. `secretKey`. */
  missing: string;
  allowedOrigins: ReadonlySet<string>;
  errorShape: ErrorShape;
  methods?: readonly string[] | undefined;
}

export function unconfiguredHandler(setup: UnconfiguredSetup): RequestHandler {
  const message = `The endpoint is not configured: the ${setup.missing} option is missing.`;
  let reported = false;
  async function answer(): Promise<Response> {
    // Once per handler: a log line per request would drown the logs of a busy server.
    if (!reported) {
      reported = true;
      console.error(
        `liveness-challenge: ${setup.missing} is missing (empty or undefined), so every request is answered with ` +
          'a 500. Set it at run time, e.g. from an environment variable of the server.',
      );
    }
    return setup.errorShape('internal', message);
  }
  return (request) =>
    serve(request, {
      allowedOrigins: setup.allowedOrigins,
      errorShape: setup.errorShape,
      answer,
      ...(setup.methods === undefined ? {} : { methods: setup.methods }),
    });
}
