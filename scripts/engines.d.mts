// Types of scripts/engines.mjs, for the TypeScript tests that decide whether an engine runs.
export declare const engineLabels: Record<'chromium' | 'firefox' | 'webkit', string>;
export declare function engineExclusion(
  engine: 'chromium' | 'firefox' | 'webkit',
  env?: NodeJS.ProcessEnv,
): { reason: string; notInstalled: boolean } | undefined;
