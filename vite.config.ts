import { defineConfig } from 'vite';

// No React plugin: Vite 8's built-in oxc transform compiles .tsx using tsconfig's
// `jsx: react-jsx`. We give up Fast Refresh (full reloads in dev) for one fewer dependency.
export default defineConfig({
  worker: {
    // Module workers, so the page can start them with `{ type: 'module' }` and the
    // worker bundle may code-split like the page does.
    format: 'es',
  },
  build: {
    target: 'es2022',
    // chunkSizeWarningLimit stays at its default (500 kB) on purpose: tfjs (~2 MB) ships only in
    // the worker bundle, which Vite emits as an asset and does not size-check. A size warning
    // on the page chunk therefore means tfjs leaked into the page. Warnings never fail a build.
  },
  preview: {
    port: 4173,
  },
});
