// The rewrite of tfjs-core's for-in loops (scripts/tfjsForInLoops.mjs), at bundle time for the
// page and as Node's bundle loads for the CLI: it finds every loop it counts in the installed
// tfjs-core, and the rewritten functions return what the originals return, on tapes and
// containers of every kind tfjs makes (named inputs, arrays as Concat's inputs, customGrad's
// numbered inputs, nested containers).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { FOR_IN_SITES, forInSite, isTfjsCoreEngine, loadHook, NODE_BUNDLE, registerNodeHook, rewriteForInLoops, rewriteNodeBundle, tfjsForInLoops } from '../../scripts/tfjsForInLoops.mjs';

const require = createRequire(import.meta.url);
/** The plugin's transform handler (its hook is `{ filter, handler }`). */
const handlerOf = (plugin: ReturnType<typeof tfjsForInLoops>) => (plugin.transform as unknown as { handler: (code: string, id: string) => { code: string } | null }).handler;
const dist = dirname(require.resolve('@tensorflow/tfjs-core/dist/tape.js'));
const source = (name: string) => readFileSync(join(dist, name), 'utf8');
const site = (name: string) => FOR_IN_SITES.find((s) => s.file.endsWith(`/${name}`))!;

/** Top-level functions of an ES module's text (`function name(` to the `}` at column 0), without `export`. */
function functionsOf(code: string, names: string[]): string {
  return names
    .map((name) => {
      const start = code.search(new RegExp(`^(export )?function ${name}\\(`, 'm'));
      expect(start, name).toBeGreaterThanOrEqual(0);
      const end = code.indexOf('\n}\n', start);
      return code.slice(start, end + 3).replace(/^export /, '');
    })
    .join('\n');
}

type Fake = { id: number; dtype: string; shape: number[]; disposed?: boolean; dispose(): void; sum?: number[] };
class FakeTensor implements Fake {
  dtype = 'float32';
  disposed = false;
  readonly id: number;
  readonly shape: number[];
  readonly sum: number[];
  constructor(id: number, shape: number[] = [2], sum: number[] = []) {
    this.id = id;
    this.shape = shape;
    this.sum = sum;
  }
  dispose() {
    this.disposed = true;
  }
}
type TapeNode = { id: number; kernelName: string; inputs: Record<string, Fake> | Fake[]; outputs: Fake[]; gradient?: (dys: (Fake | null)[]) => Record<string, () => Fake> };
type Tape = {
  getFilteredNodesXToY(tape: TapeNode[], xs: Fake[], y: Fake): TapeNode[];
  backpropagateGradients(map: Record<number, Fake>, tape: TapeNode[], tidy: (f: () => Fake) => Fake, add: (a: Fake, b: Fake) => Fake): void;
};
type TensorUtil = { getTensorsInContainer(container: unknown): Fake[] };

const arraysEqual = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
// The ES modules call `util.arraysEqual`; Node's single-file bundle calls `arraysEqual`.
function tapeModule(code: string): Tape {
  return new Function('util', 'arraysEqual', `${functionsOf(code, ['getFilteredNodesXToY', 'backpropagateGradients'])}\nreturn { getFilteredNodesXToY, backpropagateGradients };`)({ arraysEqual }, arraysEqual) as Tape;
}
function tensorUtilModule(code: string): TensorUtil {
  return new Function('Tensor', `${functionsOf(code, ['getTensorsInContainer', 'walkTensorContainer', 'isIterable'])}\nreturn { getTensorsInContainer };`)(FakeTensor) as TensorUtil;
}
const nodeBundle = () => source('tf-core.node.js');
/** Each file as tfjs ships it and as the rewrite leaves it: the ES modules (the page) and Node's bundle (the CLI). */
const flavours = () => [
  { name: 'ES modules', tape: [source('tape.js'), rewriteForInLoops(source('tape.js'), site('tape.js').loops, 'tape.js')], util: [source('tensor_util.js'), rewriteForInLoops(source('tensor_util.js'), site('tensor_util.js').loops, 'tensor_util.js')] },
  { name: "Node's bundle", tape: [nodeBundle(), rewriteNodeBundle(nodeBundle())], util: [nodeBundle(), rewriteNodeBundle(nodeBundle())] },
];

/** A seeded tape: each node reads 1-3 earlier tensors as named inputs, an array (Concat) or numbered keys (customGrad). */
function randomTape(seed: number): { tape: TapeNode[]; tensors: FakeTensor[] } {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const tensors = [new FakeTensor(1), new FakeTensor(2), new FakeTensor(3)];
  const tape: TapeNode[] = [];
  for (let n = 0; n < 12; n++) {
    const picks = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => tensors[Math.floor(rand() * tensors.length)]!);
    const kind = Math.floor(rand() * 3);
    const inputs: Record<string, Fake> | Fake[] = kind === 0 ? picks : Object.fromEntries(picks.map((t, i) => [kind === 1 ? String(i) : ['x', 'filter', 'bias'][i]!, t]));
    const outputs = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => new FakeTensor(tensors.length + 1));
    outputs.forEach((o) => tensors.push(o));
    tape.push({
      id: n,
      kernelName: `K${n}`,
      inputs,
      outputs,
      gradient: (dys) => Object.fromEntries(Object.keys(inputs).map((k) => [k, () => new FakeTensor(-1, [2], [n, Number(k === 'x' ? 0 : k.length), ...dys.map((d) => d?.id ?? 0)])])),
    });
  }
  return { tape, tensors };
}

/** What a filtered tape says: node ids, each node's input keys in order and their tensors. */
const describeTape = (tape: TapeNode[]) => tape.map((node) => [node.id, Object.entries(node.inputs).map(([k, t]) => `${k}:${t.id}`), node.outputs.map((o) => o.id)]);

describe('tfjsForInLoops', () => {
  it('finds every loop it counts in the installed tfjs-core, and leaves no for-in there', () => {
    for (const { file, loops } of FOR_IN_SITES) {
      const name = file.split('/').pop()!;
      const code = source(name);
      expect(code.match(/for \(const \w+ in [\w.]+\) \{/g)?.length, file).toBe(loops);
      const out = rewriteForInLoops(code, loops, file);
      expect(out).not.toMatch(/for \(const \w+ in /);
      expect(out.match(/for \(const \w+ of Object\.keys\([\w.]+\)\) \{/g)?.length).toBe(loops);
    }
  });

  it('fails the build, naming the file, when tfjs-core holds another number of loops', () => {
    const code = 'for (const a in b) {}\nfor (const c in d.e) {}\n';
    expect(rewriteForInLoops(code, 2, 'x.js')).toBe('for (const a of Object.keys(b)) {}\nfor (const c of Object.keys(d.e)) {}\n');
    expect(() => rewriteForInLoops(code, 3, '@tensorflow/tfjs-core/dist/tape.js')).toThrow(/tape\.js has 2 for-in loops where 3 were expected/);
  });

  it('matches the sites by path, with Windows separators or a query, and nothing else', () => {
    expect(forInSite('/p/node_modules/@tensorflow/tfjs-core/dist/tape.js')?.loops).toBe(4);
    expect(forInSite('C:\\p\\node_modules\\@tensorflow\\tfjs-core\\dist\\tensor_util.js?v=1')?.loops).toBe(1);
    expect(forInSite('/p/node_modules/@tensorflow/tfjs-core/dist/engine.js')).toBeUndefined();
    expect(forInSite('/p/src/tape.js')).toBeUndefined();
    const plugin = tfjsForInLoops();
    expect(handlerOf(plugin).call({}, 'for (const a in b) {}', '/p/src/x.ts')).toBeNull();
    // Only tfjs-core's files reach the handler at all.
    const filter = (plugin.transform as unknown as { filter: { id: RegExp } }).filter.id;
    expect(['/p/node_modules/@tensorflow/tfjs-core/dist/tape.js', 'C:\\p\\node_modules\\@tensorflow\\tfjs-core\\dist\\tape.js', '/p/src/main.tsx'].map((id) => filter.test(id))).toEqual([true, true, false]);
  });

  it.each(flavours().map((f) => [f.name, f] as const))('%s: filters and backpropagates through a tape as the original loops do', (_, f) => {
    const original = tapeModule(f.tape[0]!);
    const rewritten = tapeModule(f.tape[1]!);
    for (let seed = 1; seed <= 40; seed++) {
      const { tape, tensors } = randomTape(seed);
      const xs = [tensors[0]!, tensors[seed % 3]!];
      const y = tensors[tensors.length - 1 - (seed % 4)]!;
      const a = original.getFilteredNodesXToY(tape, xs, y);
      const b = rewritten.getFilteredNodesXToY(tape, xs, y);
      expect(describeTape(b)).toEqual(describeTape(a));
      const grads = (impl: Tape, filtered: TapeNode[]) => {
        const map: Record<number, Fake> = { [y.id]: new FakeTensor(y.id) };
        impl.backpropagateGradients(map, filtered, (f) => f(), (p, q) => new FakeTensor(-2, [2], [...(p.sum ?? []), 9, ...(q.sum ?? [])]));
        return Object.entries(map).map(([id, g]) => [id, g.sum]);
      };
      expect(grads(rewritten, b)).toEqual(grads(original, a));
    }
  });

  it.each(flavours().map((f) => [f.name, f] as const))('%s: finds the tensors in a container as the original walk does', (_, f) => {
    const original = tensorUtilModule(f.util[0]!);
    const rewritten = tensorUtilModule(f.util[1]!);
    const t = Array.from({ length: 6 }, (_, i) => new FakeTensor(i + 1));
    const shared = { inner: t[3] };
    const containers: unknown[] = [
      t[0],
      [t[0], t[1]],
      { loss: t[0], map: null, raw: t[1] },
      { value: t[2], grads: { 'G/dense/kernel': t[3], 'G/dense/bias': t[4] } },
      { 0: t[0], 1: t[1], x: [t[2], { y: t[5] }] },
      [shared, shared, { again: shared }, 'text', 3, undefined],
      new Map([['k', t[0]]]),
      {},
      null,
    ];
    for (const c of containers) expect(rewritten.getTensorsInContainer(c).map((x) => x.id)).toEqual(original.getTensorsInContainer(c).map((x) => x.id));
    expect(rewritten.getTensorsInContainer({ value: t[2], grads: { a: t[3], b: t[4] } }).map((x) => x.id)).toEqual([3, 4, 5]);
  });

  it("rewrites Node's bundle only inside the three functions, and fails if their loops change", () => {
    const code = nodeBundle();
    const out = rewriteNodeBundle(code);
    const before = code.split('\n');
    const after = out.split('\n');
    const changed = after.filter((line, i) => line !== before[i]);
    expect(after.length).toBe(before.length);
    expect(changed).toHaveLength(NODE_BUNDLE.loops);
    changed.forEach((line) => expect(line).toMatch(/for \(var \w+ of Object\.keys\([\w.]+\)\) \{/));
    // Loops elsewhere in the bundle stay as they are.
    expect(out.match(/for \(var \w+ in /g)?.length).toBe((code.match(/for \(var \w+ in /g)?.length ?? 0) - NODE_BUNDLE.loops);
    const oneLess = code.replace(/for \(var k in iterable\) \{/, 'for (var k = 0; k < 0; k++) {');
    expect(() => rewriteNodeBundle(oneLess)).toThrow(/tf-core\.node\.js has 4 for-in loops in getFilteredNodesXToY, backpropagateGradients, walkTensorContainer where 5 were expected/);
  });

  it("the CLI's module hook rewrites Node's bundle of tfjs-core and passes every other module through", () => {
    const next = (source: string) => () => ({ format: 'commonjs', source });
    const url = 'file:///p/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js';
    expect(loadHook(url, {}, next(nodeBundle())).source).toBe(rewriteNodeBundle(nodeBundle()));
    // Bytes as a loader may give them, and no source at all (the file is read).
    const bytes = new TextEncoder().encode(nodeBundle());
    for (const given of [Buffer.from(bytes), bytes, bytes.buffer, null]) {
      expect(loadHook(url.replace('file:///p', pathToFileURL(process.cwd()).href), {}, () => ({ format: 'commonjs', source: given })).source).toBe(rewriteNodeBundle(nodeBundle()));
    }
    const other = { format: 'module', source: 'for (const a in b) {}' };
    expect(loadHook('file:///p/src/x.mjs', {}, () => other)).toBe(other);
    // Node 20 has no synchronous hooks: nothing is registered; where there are, the load hook is.
    expect(registerNodeHook({})).toBe(false);
    const registered: unknown[] = [];
    expect(registerNodeHook({ registerHooks: (hooks) => registered.push(hooks) })).toBe(true);
    expect(registered).toEqual([{ load: loadHook }]);
  });

  it("fails a bundle that holds tfjs-core's engine without both rewritten files, and no other", () => {
    const run = (ids: string[]) => {
      const plugin = tfjsForInLoops();
      const transform = handlerOf(plugin);
      for (const id of ids) transform.call({}, id.endsWith('tape.js') ? source('tape.js') : id.endsWith('tensor_util.js') ? source('tensor_util.js') : '', id);
      const errors: string[] = [];
      (plugin.buildEnd as (this: { error(m: string): void }, e?: Error) => void).call({ error: (m) => errors.push(m) });
      return errors;
    };
    const dist = '/p/node_modules/@tensorflow/tfjs-core/dist';
    expect(run([`${dist}/engine.js`, `${dist}/tape.js`])).toEqual([expect.stringMatching(/engine was bundled without @tensorflow\/tfjs-core\/dist\/tensor_util\.js/)]);
    expect(run([`${dist}/engine.js`, `${dist}/tape.js`, `${dist}/tensor_util.js`])).toEqual([]);
    // A one-file build of tfjs-core (another resolution) holds the engine but none of the files.
    expect(run([`${dist}/tf-core.fesm.js`])).toEqual([expect.stringMatching(/engine was bundled without .*tape\.js, .*tensor_util\.js/)]);
    expect(isTfjsCoreEngine(`${dist}/tf-core.node.js`)).toBe(true);
    // The page's own bundle (no engine) and a bundle without tfjs pass.
    expect(run([`${dist}/util_base.js`])).toEqual([]);
    expect(run(['/p/src/main.tsx'])).toEqual([]);
  });

  it('walks own keys only: a tensor on a container\'s prototype is no longer found (on purpose; nothing puts one there)', () => {
    const original = tensorUtilModule(source('tensor_util.js'));
    const rewritten = tensorUtilModule(rewriteForInLoops(source('tensor_util.js'), site('tensor_util.js').loops, 'tensor_util.js'));
    const inherited = Object.create({ a: new FakeTensor(1) }) as object;
    expect(original.getTensorsInContainer(inherited).map((t) => t.id)).toEqual([1]);
    expect(rewritten.getTensorsInContainer(inherited)).toEqual([]);
  });

  // A real Node with synchronous hooks (22.15 on; CI runs Node 20, so this runs where one is
  // given: GLP_NODE_WITH_HOOKS=/path/to/node, or when the test's own Node has them).
  const hookNode = process.env.GLP_NODE_WITH_HOOKS ?? process.execPath;
  const hasHooks = spawnSync(hookNode, ['-e', "process.exit(typeof require('node:module').registerHooks === 'function' ? 0 : 1)"]).status === 0;
  it.skipIf(!hasHooks)("in the CLI, tfjs-core as Node loads it walks own keys only: the hook ran", () => {
    const probe = join(dirname(new URL(import.meta.url).pathname), 'fixtures/tfjsHookProbe.ts');
    const run = spawnSync(hookNode, ['src/cli/launch.mjs', probe], { encoding: 'utf8', cwd: process.cwd() });
    expect(run.status, run.stderr).toBe(0);
    // The original walk finds the tensor on the prototype (1); the rewritten one does not (0).
    expect(run.stdout.trim()).toBe('tensors found on the prototype: 0');
  });
});
