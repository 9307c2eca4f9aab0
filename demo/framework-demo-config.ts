// Shared Vite settings of the framework demos (demo/react19, demo/react18, demo/vue). Each is its own Vite root and
// build, because React 18 and React 19 cannot share one module graph: the React 18 demo aliases `react` to the
// `react18` package. `npm run build:demo` writes them to dist-demo/<name>/; `npm run demo:<name>` serves one.
import { fileURLToPath } from 'node:url';
import type { Alias, Plugin, UserConfig } from 'vite';
import { mockSigningEndpoint } from './mock/mock-signing-endpoint.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/** The demos import the package by its published names; here those names resolve to the sources. */
export const packageAliases: Alias[] = [
  { find: /^liveness-challenge$/, replacement: src('index.ts') },
  { find: /^liveness-challenge\/define$/, replacement: src('define.ts') },
  { find: /^liveness-challenge\/react$/, replacement: src('react.ts') },
  { find: /^liveness-challenge\/vue$/, replacement: src('vue.ts') },
];

function mockSigningEndpointPlugin(): Plugin {
  return {
    name: 'liveness-mock-signing-endpoint',
    configureServer(server) {
      server.middlewares.use(mockSigningEndpoint);
    },
    configurePreviewServer(server) {
      server.middlewares.use(mockSigningEndpoint);
    },
  };
}

export interface FrameworkDemoOptions {
  /** The folder under demo/, also the folder under dist-demo/. */
  name: string;
  plugins?: Plugin[];
  aliases?: Alias[];
  /** Where the build goes; the tests build into a scratch folder. */
  outDir?: string;
}

export function frameworkDemoConfig({ name, plugins = [], aliases = [], outDir }: FrameworkDemoOptions): UserConfig {
  return {
    root: fileURLToPath(new URL(`./${name}/`, import.meta.url)),
    base: './',
    publicDir: false,
    clearScreen: false,
    plugins: [...plugins, mockSigningEndpointPlugin()],
    resolve: { alias: [...aliases, ...packageAliases] },
    server: { host: 'localhost', fs: { allow: [repoRoot] } },
    preview: { host: 'localhost' },
    build: {
      outDir: outDir ?? fileURLToPath(new URL(`../dist-demo/${name}/`, import.meta.url)),
      emptyOutDir: true,
      // The MP4 tools stay lazy chunks; a demo's size says nothing the CDN bundle's does not.
      chunkSizeWarningLimit: 1000,
    },
  };
}
