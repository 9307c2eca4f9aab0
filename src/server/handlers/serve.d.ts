import type { ErrorShape } from './types.js';
interface OriginDecision {
    allowed: boolean;
    /** The value for `Access-Control-Allow-Origin`, for cross-origin requests from a listed origin. */
    corsOrigin?: string;
}
/**
 * Requests without `Origin` are served: browsers omit it on same-origin GETs, and non-browser clients can forge
 * any Origin anyway, so the check only protects against other sites' pages. Same-origin requests (which carry
 * `Origin` on POST) are served too, recognised by `Sec-Fetch-Site`, which page scripts cannot set, or by an
 * `Origin` equal to the request's own.
 */
export declare function decideOrigin(request: Request, allowedOrigins: ReadonlySet<string>): OriginDecision;
export interface ServeSteps {
    allowedOrigins: ReadonlySet<string>;
    errorShape: ErrorShape;
    /** Produces the answer; it must not depend on the request. */
    answer: () => Promise<Response>;
}
export declare function serve(request: Request, steps: ServeSteps): Promise<Response>;
export {};
