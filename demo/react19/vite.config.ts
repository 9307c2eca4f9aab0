// React 19 demo: <liveness-challenge> used directly in JSX. `npm run demo:react19` serves it.
import { defineConfig } from 'vite';
import { frameworkDemoConfig } from '../framework-demo-config.js';

export default defineConfig({
  ...frameworkDemoConfig({ name: 'react19' }),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
