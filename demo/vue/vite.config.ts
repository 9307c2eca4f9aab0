// Vue 3 demo: <liveness-challenge> in a single-file component. `npm run demo:vue` serves it.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { frameworkDemoConfig } from '../framework-demo-config.js';

export default defineConfig(
  frameworkDemoConfig({
    name: 'vue',
    plugins: [
      vue({
        // Vue renders the tag as a custom element instead of looking for a Vue component of that name.
        template: { compilerOptions: { isCustomElement: (tag) => tag === 'liveness-challenge' } },
      }),
    ],
  }),
);
