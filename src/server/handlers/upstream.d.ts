import type { ErrorShape, FetchFunction } from './types.js';
export interface UpstreamCall {
    fetch: FetchFunction;
    url: string;
    init: RequestInit;
    timeoutMs: number;
    errorShape: ErrorShape;
    /** Used when the upstream sends no Content-Type. */
    contentType: string;
    /** Values that must never be relayed (empty ones are ignored). */
    secrets: readonly (string | undefined)[];
}
export declare function relayUpstream(call: UpstreamCall): Promise<Response>;
