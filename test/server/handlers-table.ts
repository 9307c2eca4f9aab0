// The four handler setups, each with an injected upstream that answers success, for tests that apply to all.
import {
  createCosLiveCodeHandler,
  createFaceIdLiveCodeHandler,
  createLegacyLiveCodeHandler,
} from '../../src/server/index.js';
import type { CodeStore, FetchFunction, LiveCodeHandler } from '../../src/server/index.js';
import { APP_ID, BUCKET, PAGE_ORIGIN, REGION, SECRET_ID, SECRET_KEY, TOKEN, fixedClock } from './fixtures.js';

/** What a test may change; everything else is fixed. */
export interface Overrides {
  /** `undefined` or `''` for a credential that is absent, as in a build without the secrets. */
  secretId?: string | undefined;
  secretKey?: string | undefined;
  fetch?: FetchFunction;
  allowedOrigins?: string[];
  timeoutMs?: number;
  now?: () => number;
  session?: (request: Request) => string | undefined | Promise<string | undefined>;
  acceptUnboundCodes?: boolean;
  codeStore?: CodeStore;
  codeIssueLimit?: { max: number; windowMs: number };
}

export interface HandlerSetup {
  name: string;
  /** Whether the handler calls an upstream (presign mode does not). */
  callsUpstream: boolean;
  /** How an error body of this handler is recognised. */
  errorPattern: RegExp;
  create(overrides?: Overrides): LiveCodeHandler;
}

function defaults(
  successBody: string,
): Required<Pick<Overrides, 'allowedOrigins' | 'now' | 'fetch'>> & { acceptUnboundCodes: true } {
  // Unbound: these tests are about origins, relaying and secrets; session binding has its own (sessions.test.ts).
  return {
    allowedOrigins: [PAGE_ORIGIN],
    now: fixedClock,
    fetch: async () => new Response(successBody),
    acceptUnboundCodes: true,
  };
}

const COS_XML_ERROR = /^<\?xml[^>]*>\n<Error><Code>/;
const cosOptions = { secretId: SECRET_ID, secretKey: SECRET_KEY, securityToken: TOKEN, bucket: BUCKET, region: REGION };

export const HANDLERS: HandlerSetup[] = [
  {
    name: 'COS presign',
    callsUpstream: false,
    errorPattern: COS_XML_ERROR,
    create: (overrides = {}) => createCosLiveCodeHandler({ ...cosOptions, ...defaults(''), ...overrides }),
  },
  {
    name: 'COS proxy',
    callsUpstream: true,
    errorPattern: COS_XML_ERROR,
    create: (overrides = {}) =>
      createCosLiveCodeHandler({
        ...cosOptions,
        mode: 'proxy',
        ...defaults('<Response><LiveCode>0521</LiveCode></Response>'),
        ...overrides,
      }),
  },
  {
    name: 'FaceID',
    callsUpstream: true,
    errorPattern: /^\{"Response":\{"Error":\{"Code":/,
    create: (overrides = {}) =>
      createFaceIdLiveCodeHandler({
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        token: TOKEN,
        ...defaults('{"Response":{"LiveCode":"4392","RequestId":"r"}}'),
        ...overrides,
      }),
  },
  {
    name: 'legacy',
    callsUpstream: true,
    errorPattern: /^\{"data":\{\},"code":\d+,"message":/,
    create: (overrides = {}) =>
      createLegacyLiveCodeHandler({
        appId: APP_ID,
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        ...defaults('{"data":{"validate_data":"9532"},"code":0,"message":"OK"}'),
        ...overrides,
      }),
  },
];
