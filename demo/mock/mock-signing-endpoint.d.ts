import type { IncomingMessage, ServerResponse } from 'node:http';

export declare const MOCK_PATH: string;
export declare function mockAnswer(
  url: URL,
  request: { method: string; headers: Record<string, string | string[] | undefined> },
): { status: number; headers: Record<string, string>; body: string; delayMs: number };
export declare function mockSigningEndpoint(req: IncomingMessage, res: ServerResponse, next: () => void): void;
export declare function mockSigningEndpointKoa(context: unknown, next: () => Promise<void>): Promise<void>;
