import type { CommonHandlerOptions, FetchFunction } from './types.js';
export interface CommonSettings {
    allowedOrigins: ReadonlySet<string>;
    fetch: FetchFunction;
    now: () => number;
    timeoutMs: number;
}
export declare function requireText(value: unknown, name: string): string;
export declare function optionalText(value: unknown, name: string): string | undefined;
/** `https://shop.example/` and `https://SHOP.example:443` both become `https://shop.example`. */
export declare function normalizeOrigin(value: string): string | undefined;
/** The upstream origin to call and sign for; a path would be ignored, so it is refused instead. */
export declare function upstreamOrigin(baseUrl: string): string;
export declare function commonSettings(options: CommonHandlerOptions): CommonSettings;
export declare function unixSeconds(now: () => number): number;
