// The whole loop for the demo and the browser tests: a code endpoint that remembers what it issues, and a
// liveness endpoint that verifies a take against those codes. With Tencent Cloud credentials in the environment
// they talk to Tencent; without, to a local fake upstream that checks every request the way Tencent documents.
// Codes belong to the session that asked for them, so the demo gives each browser a session cookie, as an
// integrator's own session middleware (express-session, a signed JWT cookie…) would.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startMockVerificationUpstream, type MockVerificationUpstream } from './mock/mock-verification-upstream.js';
import { verificationLoopFromEnv } from './from-env.js';
import { toNodeListener, type NodeListener } from '../src/server/http/node-adapter.js';

export const LOOP_CODE_PATH = '/api/loop/live-code';
export const LOOP_LIVENESS_PATH = '/api/loop/liveness';

/** The fake upstream's own keys: nothing real, and never needed by the page. */
const MOCK_KEYS = { secretId: 'AKIDmockDemoOnly', secretKey: 'mock-demo-secret-key' };
/** The demo's session cookie: an opaque random id, HttpOnly, sent only by same-site requests. */
export const DEMO_SESSION_COOKIE = 'liveness_demo_session';
/**
 * The demo pages and browser tests ask for a code every few seconds from one session; the default (6 a minute) is
 * for people. The limit itself is tested in test/server/sessions.test.ts.
 */
const DEMO_ISSUE_LIMIT = { max: 60, windowMs: 60_000 };
/**
 * The browser tests' random sequences tell the fake upstream to hang, then cancel the upload and move on: each such
 * verification keeps its slot until the handler's 30 s upstream deadline, so the default cap (4) would soon answer
 * `server-busy` to an unrelated take. The cap itself is tested in test/server/verification-limits.test.ts.
 */
const DEMO_MAX_CONCURRENT_VERIFICATIONS = 64;

/** The identity the demo verifies against when no real one is configured. */
const MOCK_PERSON = { LIVENESS_UPSTREAM: 'faceid', LIVENESS_ID_CARD: '11010119900307001X', LIVENESS_NAME: '张三' };

export interface DemoLoop {
  routes: Record<string, NodeListener>;
  /** The fake upstream, when no credentials are set. */
  mock?: MockVerificationUpstream | undefined;
  description: string;
  close(): Promise<void>;
}

function demoSessionId(cookieHeader: string | null | undefined): string | undefined {
  return new RegExp(`(?:^|;\\s*)${DEMO_SESSION_COOKIE}=([\\w-]{36})(?:;|$)`).exec(cookieHeader ?? '')?.[1];
}

/** The session callback the handlers get: the demo cookie's id. */
const demoSession = (request: Request) => demoSessionId(request.headers.get('Cookie'));

/** A stand-in session middleware: a request without the cookie starts a session, as it would on a real site. */
function withDemoSession(listener: NodeListener): NodeListener {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (demoSessionId(req.headers.cookie) === undefined) {
      const id = randomUUID();
      // toNodeListener reads rawHeaders; req.headers is what other middleware would read.
      req.rawHeaders.push('Cookie', `${DEMO_SESSION_COOKIE}=${id}`);
      req.headers.cookie = `${DEMO_SESSION_COOKIE}=${id}`;
      res.setHeader('Set-Cookie', `${DEMO_SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`);
    }
    await listener(req, res);
  };
}

export async function startVerificationLoop(env: Record<string, string | undefined>): Promise<DemoLoop | undefined> {
  const real = Boolean(env.TENCENTCLOUD_SECRET_ID && env.TENCENTCLOUD_SECRET_KEY);
  const mock = real ? undefined : await startMockVerificationUpstream(MOCK_KEYS);
  const loop = verificationLoopFromEnv(real ? env : MOCK_PERSON, {
    ...(mock ? { baseUrl: mock.baseUrl, ...MOCK_KEYS } : {}),
    session: demoSession,
    codeIssueLimit: DEMO_ISSUE_LIMIT,
    maxConcurrentVerifications: DEMO_MAX_CONCURRENT_VERIFICATIONS,
  });
  if (!loop) {
    await mock?.close();
    return undefined;
  }
  return {
    routes: {
      [LOOP_CODE_PATH]: withDemoSession(toNodeListener(loop.codeHandler)),
      [LOOP_LIVENESS_PATH]: withDemoSession(toNodeListener(loop.livenessHandler)),
    },
    mock,
    description: mock ? `${loop.description} against the local fake upstream` : loop.description,
    close: async () => mock?.close(),
  };
}
