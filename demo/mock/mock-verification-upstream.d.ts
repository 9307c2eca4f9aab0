import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export declare const MOCK_CONTROL_PATH: string;

/** `success`, `low-sim`, `hang`, or a FaceID failure code such as `FailedOperation.LipVoiceLow`. */
export type MockOutcome = 'success' | 'low-sim' | 'hang' | `FailedOperation.${string}`;

export interface MockVerificationRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  /** `GetLiveCode`, `LivenessRecognition` or `LivenessCompare` (from `ci-process` or `X-TC-Action`). */
  action: string;
}

export interface MockVerificationState {
  pending: MockOutcome[];
  verifications: number;
  codesIssued: number;
  /** How many verifications each code had. */
  verifiedCodes: Record<string, number>;
}

export interface MockVerificationUpstream {
  /** `http://127.0.0.1:<port>`: the `baseUrl` of the handlers. */
  baseUrl: string;
  host: string;
  requests: MockVerificationRequest[];
  /** Queues the outcomes of the next verifications, one each; afterwards every verification succeeds. */
  setOutcomes(outcomes: MockOutcome[], forCode?: string): void;
  state(): MockVerificationState;
  close(): Promise<void>;
}

export declare function startMockVerificationUpstream(options?: {
  port?: number;
  host?: string;
  /** When given, `q-ak` / the TC3 Credential must name it. */
  secretId?: string;
  /** When given, every signature is recomputed and must match. */
  secretKey?: string;
  /** The clock the signature windows are checked against. Default `Date.now`. */
  now?: () => number;
}): Promise<MockVerificationUpstream>;

export declare function mockVerificationControl(
  mock: Pick<MockVerificationUpstream, 'setOutcomes' | 'state'>,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => Promise<void>;

export declare function mockVerificationControlKoa(
  mock: Pick<MockVerificationUpstream, 'setOutcomes' | 'state'>,
): (context: unknown, next: () => Promise<void>) => Promise<void>;
