// A rewrite of five loops in tfjs-core, for newer V8s: at bundle time in the page and the worker
// (a Vite/Rolldown plugin), and as tfjs-core loads in the CLI (a Node module hook).
//
// tfjs-core walks a tidy's result (`walkTensorContainer`) and the gradient tape's inputs
// (`getFilteredNodesXToY`, `backpropagateGradients`) with `for (k in obj) { ... obj[k] }`. In
// Chromium 156's V8, and in Node 24's (V8 13.6), the optimized code of those functions
// deoptimizes with "wrong map" at the `obj[k]` load again and again (in the page's worker training
// GAN Lab's default: getFilteredNodesXToY recompiled ~40 times a second, walkTensorContainer ~30,
// endScope's Turbofan code every second or so, for as long as training runs), so the compiler
// threads took ~55% of a core: on 2 cores, the CPU the worker needed. Node 20 and 22 do not loop
// here. The same loop over `Object.keys(obj)` visits the same keys for these plain objects and
// arrays (own enumerable properties; tfjs puts nothing enumerable on their prototypes) and
// compiles once. One difference, on purpose: keys on a container's prototype chain are no
// longer walked (tfjs's own containers and ours have none; `tf.tidy(() => Object.create({ a }))`
// would now free `a`). See README "A deoptimization loop in tfjs-core".
//
// Plain JavaScript: src/cli/launch.mjs runs it before any TypeScript is compiled. Each rewrite
// counts the loops it changes and throws if the count differs (a tfjs update): re-check the loops
// and the counts rather than ship a silent no-op.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The ES module files the page's bundles use, and how many for-in loops each holds (tfjs-core 4.22.0). */
export const FOR_IN_SITES = [
  { file: '@tensorflow/tfjs-core/dist/tape.js', loops: 4 },
  { file: '@tensorflow/tfjs-core/dist/tensor_util.js', loops: 1 },
];

/** Node's single-file CommonJS build of tfjs-core: only these functions' loops are rewritten. */
export const NODE_BUNDLE = {
  file: '@tensorflow/tfjs-core/dist/tf-core.node.js',
  functions: ['getFilteredNodesXToY', 'backpropagateGradients', 'walkTensorContainer'],
  loops: 5,
};

const FOR_IN = /for \((const|var|let) (\w+) in ([\w.]+)\) \{/g;

/** `code` with every `for (const k in obj) {` as `for (const k of Object.keys(obj)) {`, and how many there were. */
function replaceLoops(code) {
  let found = 0;
  const out = code.replace(FOR_IN, (_, kind, key, object) => {
    found++;
    return `for (${kind} ${key} of Object.keys(${object})) {`;
  });
  return { out, found };
}

/** The error when a file holds another number of loops than counted: tfjs-core changed. */
function countError(file, found, expected, where = '') {
  return new Error(`tfjsForInLoops: ${file} has ${found} for-in loops${where} where ${expected} were expected; tfjs-core changed: check the loops (scripts/tfjsForInLoops.mjs) and update the count`);
}

/** `code` with its for-in loops rewritten (replaceLoops); throws unless there were `expected`. */
export function rewriteForInLoops(code, expected, file) {
  const { out, found } = replaceLoops(code);
  if (found !== expected) throw countError(file, found, expected);
  return out;
}

/** The text of top-level function `name` in `code`: from `function name(` to the `}` at column 0. */
function functionSpan(code, name, file) {
  const start = code.search(new RegExp(`^(export )?function ${name}\\(`, 'm'));
  const end = start < 0 ? -1 : code.indexOf('\n}\n', start);
  if (end < 0) throw new Error(`tfjsForInLoops: ${file} has no function ${name}; tfjs-core changed: check scripts/tfjsForInLoops.mjs`);
  return { start, end: end + 3 };
}

/** Node's bundle with the loops of NODE_BUNDLE's functions rewritten, and nothing else. */
export function rewriteNodeBundle(code) {
  const spans = NODE_BUNDLE.functions.map((name) => functionSpan(code, name, NODE_BUNDLE.file)).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let found = 0;
  for (const { start, end } of spans) {
    const body = replaceLoops(code.slice(start, end));
    out += code.slice(at, start) + body.out;
    found += body.found;
    at = end;
  }
  if (found !== NODE_BUNDLE.loops) throw countError(NODE_BUNDLE.file, found, NODE_BUNDLE.loops, ` in ${NODE_BUNDLE.functions.join(', ')}`);
  return out + code.slice(at);
}

const normalized = (id) => id.replace(/\\/g, '/').split('?')[0] ?? '';

/** The ES module site `id` (a module path, maybe with a query) is, if any. */
export function forInSite(id) {
  const path = normalized(id);
  return FOR_IN_SITES.find((site) => path.endsWith(`/node_modules/${site.file}`));
}

/**
 * Whether `id` is tfjs-core's engine: its ES module (`engine.js`) or a one-file build of all of
 * tfjs-core (`tf-core.*.js`), either of which means the bundle trains and needs the rewrite.
 */
export function isTfjsCoreEngine(id) {
  return /\/node_modules\/@tensorflow\/tfjs-core\/dist\/(engine|tf-core(\.[\w-]+)?)\.m?js$/.test(normalized(id));
}

/**
 * The Vite (and Rolldown) plugin: rewrites the loops as the files are bundled. A bundle that
 * holds tfjs-core's engine but not every site fails (tfjs-core resolved to another file, or
 * its files were renamed).
 */
export function tfjsForInLoops() {
  const rewritten = new Set();
  let engine = false;
  return {
    name: 'glp-tfjs-for-in-loops',
    transform: {
      // Only tfjs-core's files reach the handler.
      filter: { id: /@tensorflow[\\/]tfjs-core[\\/]/ },
      handler(code, id) {
        if (isTfjsCoreEngine(id)) engine = true;
        const site = forInSite(id);
        if (!site) return null;
        rewritten.add(site.file);
        return { code: rewriteForInLoops(code, site.loops, site.file), map: null };
      },
    },
    buildEnd(error) {
      const missing = FOR_IN_SITES.filter((site) => !rewritten.has(site.file)).map((site) => site.file);
      if (!error && engine && missing.length > 0) this.error(`tfjsForInLoops: tfjs-core's engine was bundled without ${missing.join(', ')}; the for-in loops were not rewritten`);
    },
  };
}

/** A loader's source as text: a string, or bytes (a Buffer, Uint8Array or ArrayBuffer) as UTF-8. */
function sourceText(source) {
  return typeof source === 'string' ? source : new TextDecoder().decode(source);
}

/**
 * The Node module hook's `load`: Node's tfjs-core bundle comes back rewritten. Where the loader
 * leaves a CommonJS file's source to `require` (no source), the file is read here.
 */
export function loadHook(url, context, nextLoad) {
  const result = nextLoad(url, context);
  if (!normalized(url).endsWith(`/node_modules/${NODE_BUNDLE.file}`)) return result;
  const source = result.source ?? readFileSync(fileURLToPath(url));
  return { ...result, format: result.format ?? 'commonjs', source: rewriteNodeBundle(sourceText(source)) };
}

/**
 * In the CLI: rewrites Node's tfjs-core bundle as it loads, where Node has synchronous module
 * hooks (`module.registerHooks`, Node 22.15 and 23.5 on; they also see `require`). Node 20 has
 * none and does not need it (its V8 does not loop). Returns whether the hook is on.
 */
export function registerNodeHook(nodeModule) {
  if (typeof nodeModule.registerHooks !== 'function') return false;
  nodeModule.registerHooks({ load: loadHook });
  return true;
}
