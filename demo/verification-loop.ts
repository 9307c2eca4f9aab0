// The whole loop for the demo and the browser tests: a code endpoint that remembers what it issues, and a
// liveness endpoint that verifies a take against those codes. With Tencent Cloud credentials in the environment
// they talk to Tencent; without, to a local fake upstream that checks every request the way Tencent documents.
import {
  startMockVerificationUpstream,
  type MockVerificationUpstream,
} from './mock/mock-verification-upstream.js';
import { verificationLoopFromEnv } from '../src/server/from-env.js';
import { toNodeListener, type NodeListener } from '../src/server/node-adapter.js';

export const LOOP_CODE_PATH = '/api/loop/live-code';
export const LOOP_LIVENESS_PATH = '/api/loop/liveness';

/** The fake upstream's own keys: nothing real, and never needed by the page. */
const MOCK_KEYS = { secretId: 'AKIDmockDemoOnly', secretKey: 'mock-demo-secret-key' };
/** The identity the demo verifies against when no real one is configured. */
const MOCK_PERSON = { LIVENESS_UPSTREAM: 'faceid', LIVENESS_ID_CARD: '11010119900307001X', LIVENESS_NAME: '张三' };

export interface DemoLoop {
  routes: Record<string, NodeListener>;
  /** The fake upstream, when no credentials are set. */
  mock?: MockVerificationUpstream;
  description: string;
  close(): Promise<void>;
}

export async function startVerificationLoop(env: Record<string, string | undefined>): Promise<DemoLoop | undefined> {
  const real = Boolean(env.TENCENTCLOUD_SECRET_ID && env.TENCENTCLOUD_SECRET_KEY);
  const mock = real ? undefined : await startMockVerificationUpstream(MOCK_KEYS);
  const loop = verificationLoopFromEnv(real ? env : MOCK_PERSON, mock ? { baseUrl: mock.baseUrl, ...MOCK_KEYS } : {});
  if (!loop) {
    await mock?.close();
    return undefined;
  }
  return {
    routes: {
      [LOOP_CODE_PATH]: toNodeListener(loop.codeHandler),
      [LOOP_LIVENESS_PATH]: toNodeListener(loop.livenessHandler),
    },
    mock,
    description: mock ? `${loop.description} against the local fake upstream` : loop.description,
    close: async () => mock?.close(),
  };
}
