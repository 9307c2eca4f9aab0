// Types of scripts/browsers.mjs, for the TypeScript tests that drive a browser themselves.
export declare const chromiumPath: string | undefined;
export declare const firefoxPath: string | undefined;
export declare const missingChromiumMessage: string;
export declare const chromiumBaseArgs: string[];
export declare const chromiumFakeMediaArgs: string[];
export declare const firefoxFakeMediaPrefs: Record<string, string | number | boolean>;
export declare const webkitDriverPath: string | undefined;
export declare const miniBrowserPath: string | undefined;
export declare const xvfbPath: string | undefined;
export declare const webkitMissingReason: string | undefined;
export declare const webkitBaseArgs: string[];
export declare const webkitFakeMediaArgs: string[];
export declare const webkitNoGestureArgs: string[];
