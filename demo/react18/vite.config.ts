// React 18 demo: the `liveness-challenge/react` wrapper. `react` and `react-dom` resolve to the `react18` and
// `react-dom18` packages (npm aliases), so the wrapper and React itself are React 18 here, as in a React 18 app.
// `npm run demo:react18` serves it.
import { defineConfig } from 'vite';
import { frameworkDemoConfig } from '../framework-demo-config.js';

export const react18Aliases = [
  { find: /^react$/, replacement: 'react18' },
  { find: /^react\/(.*)$/, replacement: 'react18/$1' },
  { find: /^react-dom$/, replacement: 'react-dom18' },
  { find: /^react-dom\/(.*)$/, replacement: 'react-dom18/$1' },
];

export default defineConfig({
  ...frameworkDemoConfig({ name: 'react18', aliases: react18Aliases }),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
