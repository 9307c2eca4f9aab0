// `npm run build:cdn`: dist/cdn/liveness-challenge.js, one self-contained ES module (lit, ky and the element
// inlined) that registers <liveness-challenge> when loaded with <script type="module"> from a CDN. The MP4 tools
// (mediabunny) stay a separate chunk beside it, loaded only when a take needs them.
import { defineConfig } from 'vite';

export default defineConfig({
  // No public/ copying and no demo plugins: this build is the library alone.
  publicDir: false,
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'liveness-challenge.js',
    },
    rolldownOptions: {
      output: {
        chunkFileNames: '[name]-[hash].js',
        // Lib mode keeps whitespace in ES output (for the bundler that consumes it): this one is consumed as is.
        minify: true,
      },
      // Lets modules shared with the lazy chunks (errors, format choice) join the entry, which then exports them to
      // those chunks, instead of becoming extra chunks the entry must fetch before it runs.
      preserveEntrySignatures: 'allow-extension',
    },
  },
  // Lit's production build (no dev-mode warnings) in the published bundle.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
});
