// A build-time rewrite of five loops in tfjs-core, for Chromium's V8.
//
// tfjs-core walks a tidy's result (`walkTensorContainer`) and the gradient tape's inputs
// (`getFilteredNodesXToY`, `backpropagateGradients`) with `for (const k in obj) { ... obj[k] }`.
// In Chromium 156's V8, the optimized code of those functions deoptimizes with "wrong map" at
// the `obj[k]` load again and again (measured in the page's worker training GAN Lab's default:
// getFilteredNodesXToY recompiled ~40 times a second, walkTensorContainer ~30, endScope's
// Turbofan code every second or so, for as long as training runs), so the renderer's
// compiler threads took ~55% of a core, on 2 cores the CPU the worker needed. Node 20's V8
// does not loop here. The same loop over `Object.keys(obj)` visits the same keys for these
// plain objects and arrays (own enumerable properties; tfjs puts nothing enumerable on their
// prototypes) and compiles once. See README "A deoptimization loop in tfjs-core".
//
// The plugin counts the loops it rewrites per file and fails the build if the count changes
// (a tfjs update): then re-check the loops and the count rather than ship a silent no-op.
import type { Plugin } from 'vite';

/** The files and how many `for (const k in obj) {` loops each holds (tfjs-core 4.22.0). */
export const FOR_IN_SITES: readonly { readonly file: string; readonly loops: number }[] = [
  { file: '@tensorflow/tfjs-core/dist/tape.js', loops: 4 },
  { file: '@tensorflow/tfjs-core/dist/tensor_util.js', loops: 1 },
];

const FOR_IN = /for \(const (\w+) in ([\w.]+)\) \{/g;

/** `code` with every `for (const k in obj) {` as `for (const k of Object.keys(obj)) {`; throws unless there were `expected`. */
export function rewriteForInLoops(code: string, expected: number, file: string): string {
  let found = 0;
  const out = code.replace(FOR_IN, (_, key: string, object: string) => {
    found++;
    return `for (const ${key} of Object.keys(${object})) {`;
  });
  if (found !== expected) {
    throw new Error(`tfjsForInLoops: ${file} has ${found} for-in loops where ${expected} were expected; tfjs-core changed: check the loops (scripts/tfjsForInLoops.ts) and update the count`);
  }
  return out;
}

/** The site `id` (a module path, maybe with a query) is, if any. */
export function forInSite(id: string): (typeof FOR_IN_SITES)[number] | undefined {
  const path = id.replace(/\\/g, '/').split('?')[0] ?? '';
  return FOR_IN_SITES.find((site) => path.endsWith(`/node_modules/${site.file}`));
}

/**
 * The Vite (and Rolldown) plugin: rewrites the loops as the files are bundled. A bundle that
 * holds tfjs-core's ES modules but not every site fails (tfjs-core resolved to another file).
 */
export function tfjsForInLoops(): Plugin {
  const rewritten = new Set<string>();
  let tfjsCore = false;
  return {
    name: 'glp-tfjs-for-in-loops',
    transform(code, id) {
      if (id.replace(/\\/g, '/').includes('/node_modules/@tensorflow/tfjs-core/')) tfjsCore = true;
      const site = forInSite(id);
      if (!site) return null;
      rewritten.add(site.file);
      return { code: rewriteForInLoops(code, site.loops, site.file), map: null };
    },
    buildEnd(error) {
      const missing = FOR_IN_SITES.filter((site) => !rewritten.has(site.file)).map((site) => site.file);
      if (!error && tfjsCore && missing.length > 0) this.error(`tfjsForInLoops: tfjs-core was bundled without ${missing.join(', ')}; the for-in loops were not rewritten`);
    },
  };
}
