import type { IncomingMessage, ServerResponse } from 'node:http';
/** A `(req, res)` listener; the promise settles when the answer is written and never rejects. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export declare function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener;
