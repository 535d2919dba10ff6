import { defineConfig } from 'vite';
import { tfjsForInLoops } from './scripts/tfjsForInLoops.mjs';

/**
 * Cross-origin isolation: with these two headers on the page (and the worker script), the
 * browser allows SharedArrayBuffer, which the threaded wasm binary needs; without them the
 * worker runs the single-threaded one. `require-corp` also refuses cross-origin resources
 * that do not opt in; the app loads none.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

// No React plugin: Vite 8's built-in oxc transform compiles .tsx using tsconfig's
// `jsx: react-jsx`. We give up Fast Refresh (full reloads in dev) for one fewer dependency.
export default defineConfig({
  // tfjs-core's for-in loops over tensor containers rewritten (scripts/tfjsForInLoops.mjs): in
  // the page, the worker bundle and the dev server's pre-bundled dependencies alike.
  plugins: [tfjsForInLoops()],
  optimizeDeps: {
    rolldownOptions: { plugins: [tfjsForInLoops()] },
  },
  worker: {
    plugins: () => [tfjsForInLoops()],
    // Module workers, so the page can start them with `{ type: 'module' }` and the
    // worker bundle may code-split like the page does.
    format: 'es',
  },
  build: {
    target: 'es2022',
    // chunkSizeWarningLimit stays at its default (500 kB) on purpose: tfjs (~2 MB) ships only in
    // the worker bundle, which Vite emits as an asset and does not size-check. A size warning
    // on the page chunk therefore means tfjs leaked into the page. Warnings never fail a build.
    // A script imported with `?url` (the wasm pthread worker, 4 kB) stays a file: inlined as a
    // data: URL, a strict CSP would refuse it as a worker script.
    assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined),
  },
  server: {
    headers: CROSS_ORIGIN_ISOLATION,
  },
  preview: {
    port: 4173,
    headers: CROSS_ORIGIN_ISOLATION,
  },
});
