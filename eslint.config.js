// ESLint for the whole repository: JavaScript's and typescript-eslint's recommended rules everywhere, Lit's and
// web components' rules on the element's sources, and eslint-config-prettier last so no rule argues with Prettier
// (`npm run lint` runs both). The rule sets are the ones that need no type information: `tsc` already checks the
// types, and type-aware linting would run the compiler a second time.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const withoutBrowserGlobals = Object.fromEntries(Object.keys(globals.browser).map((name) => [name, 'off']));

export default defineConfig(
  // What .prettierignore leaves out, and the example apps' build output.
  globalIgnores([
    'dist/',
    'dist-demo/',
    'coverage/',
    'screenshots/',
    'bench/.out/',
    'examples/**/node_modules/',
    'examples/**/.next/',
    'examples/**/dist/',
    'examples/**/next-env.d.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Browser code by default: the element, the browser tests, the demo, the bench page, the example apps' pages.
    languageOptions: { globals: globals.browser },
    rules: {
      // Typing a custom element's JSX props means augmenting React's `JSX` namespace: a declaration, not a module.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // A leading `_` says "unused on purpose" (a parameter a signature needs), as tsc's noUnusedParameters reads it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Chai's property assertions (`.to.exist`, `.not.be.empty`) are expressions by design; a misspelt one throws.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: [
      '*.{js,mjs,ts}',
      'src/server/**',
      'scripts/**',
      'bench/*.{mjs,ts}',
      'demo/mock/**',
      'demo/from-env.ts',
      'demo/verification-loop.ts',
      'test/node/**',
      'test/server/**',
      'test/examples/**',
      'test/middleware/**',
      'test/helpers/*.mjs',
      'examples/{express,koa,node-http}/**',
      'examples/nextjs/*.mjs',
      'examples/*/vite.config.ts',
    ],
    ignores: ['scripts/screenshots/**', 'test/node/webkit-rerun/**'],
    // Node's globals instead of the browser's: `document` in a Node script is a mistake worth flagging.
    languageOptions: { globals: { ...withoutBrowserGlobals, ...globals.node } },
  },
  {
    // Node scripts driving a browser: the functions they hand to `page.evaluate` run in the page.
    files: ['bench/browser.mjs', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // The element's sources (not the server half): Lit's template rules and the custom-element rules.
    files: ['src/**/*.ts'],
    ignores: ['src/server/**'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/server/**'],
    ...wc.configs['flat/recommended'],
    // Without this the plugin knows only direct HTMLElement subclasses, and none of ours is one.
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
  },
  prettier,
);
