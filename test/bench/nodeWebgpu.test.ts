// The node-webgpu bench section (tfjs's webgpu backend on Dawn in Node), its arguments, its
// rows in the report, and the PyTorch CUDA option, as far as a machine without a GPU can show.
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/args';
import { ALL_CASE_IDS, benchCase, type CaseId, type ForwardFlops } from '../../bench/cases';
import type { BenchContext } from '../../bench/context';
import { adapterFacts, describeAdapter, installGlobals, noAdapterHint, openDawn, type DawnGpu, type DawnModule } from '../../bench/node/dawn';
import { nodeWebgpu, webgpuCases } from '../../bench/node/webgpu';
import { renderMarkdown } from '../../bench/report';
import { torchCuda, torchReference } from '../../bench/torch/torchReference';
import { SESSION_LOOP_BACKEND, type BenchResults, type ThroughputRow } from '../../bench/types';

/** F_G = 1000, F_D = 100 for every case: a step is batch x (4 x 1000 + 9 x 100) = batch x 4900 FLOPs. */
const FLOPS = Object.fromEntries(ALL_CASE_IDS.map((id) => [id, { generator: 1000, discriminator: 100 }])) as Record<CaseId, ForwardFlops>;
const ctx = (lines: string[] = []): BenchContext => ({ quick: true, log: (line) => lines.push(line), flops: FLOPS });

/** Whether dawn.node loads on this machine (linux-x64 here). */
const dawnLoads = await import('webgpu').then(
  () => true,
  () => false,
);

const gpuOf = (adapter: unknown): DawnGpu => ({ requestAdapter: async () => adapter as null });
const dawnWith = (adapter: unknown): DawnModule => ({ create: () => gpuOf(adapter), globals: { GPUBufferUsageForTest: { STORAGE: 128 } } });
const notFound = () => Object.assign(new Error("Cannot find package 'webgpu' imported from /x/bench.mjs"), { code: 'ERR_MODULE_NOT_FOUND' });
const H100 = { info: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3' }, features: ['timestamp-query', 'shader-f16'] };

describe('parseBenchArgs', () => {
  it('runs every section by default and only the named ones with --only', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, only: null, cases: null, dawnFlags: [], help: false });
    expect([...parseBenchArgs(['--only', 'node-webgpu']).only!]).toEqual(['node-webgpu']);
    expect([...parseBenchArgs(['--only=node-webgpu,torch-cuda', '--quick']).only!]).toEqual(['node-webgpu', 'torch-cuda']);
  });

  it('keeps only the cases named with --cases, in both spellings, and names an unknown one', () => {
    expect([...parseBenchArgs(['--only', 'node,torch', '--cases', 'pix2pix32']).cases!]).toEqual(['pix2pix32']);
    expect([...parseBenchArgs(['--cases=toy,ganlab', '--cases', 'dcgan28-wide']).cases!]).toEqual(['toy', 'ganlab', 'dcgan28-wide']);
    expect(() => parseBenchArgs(['--cases', 'pix2pix'])).toThrow('--cases: unknown case(s) pix2pix');
    expect(() => parseBenchArgs(['--cases', ','])).toThrow('--cases: unknown case(s) (none)');
    expect(() => parseBenchArgs(['--cases'])).toThrow('--cases needs a value');
  });

  it('passes --dawn options through in order, in both spellings', () => {
    const args = parseBenchArgs(['--dawn', 'backend=vulkan', '--only', 'node-webgpu', '--dawn=adapter=NVIDIA H100 80GB HBM3']);
    expect(args.dawnFlags).toEqual(['backend=vulkan', 'adapter=NVIDIA H100 80GB HBM3']);
  });

  it('names what is wrong', () => {
    expect(() => parseBenchArgs(['--only', 'node-gpu'])).toThrow('--only: unknown section(s) node-gpu');
    expect(() => parseBenchArgs(['--dawn'])).toThrow('--dawn needs a value');
    expect(() => parseBenchArgs(['--dawn', '--quick'])).toThrow('--dawn needs a value');
    expect(() => parseBenchArgs(['--dawn', 'vulkan'])).toThrow('"vulkan" is not a Dawn option of the form key=value');
    expect(() => parseBenchArgs(['--gpu'])).toThrow('unknown argument --gpu');
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });
});

describe('openDawn', () => {
  it('says the package is missing, and that npm ci installs it', async () => {
    const opened = await openDawn([], () => Promise.reject(notFound()));
    expect(opened).toEqual({ status: 'unavailable', note: expect.stringContaining('the webgpu package (Dawn for Node) is not installed') });
  });

  it('reports a binary that does not load, and a Dawn that does not start, by their first line', async () => {
    const dlopen = await openDawn([], () => Promise.reject(new Error('libstdc++.so.6: version GLIBCXX_3.4.32 not found\n    at Module._extensions')));
    expect(dlopen).toEqual({ status: 'unavailable', note: 'the webgpu package did not load: libstdc++.so.6: version GLIBCXX_3.4.32 not found' });
    const bad = await openDawn(['backend=foo'], async () => ({ create: () => { throw new Error("unrecognised backend 'foo'"); }, globals: {} }));
    expect(bad).toEqual({ status: 'unavailable', note: "Dawn did not start with backend=foo: unrecognised backend 'foo'" });
  });

  it('skips, saying why, when Dawn finds no adapter, and touches no global', async () => {
    const opened = await openDawn([], async () => dawnWith(null));
    expect(opened.status).toBe('skipped');
    expect(opened.status !== 'ok' && opened.note).toMatch(/^Dawn found no GPU adapter/);
    expect('GPUBufferUsageForTest' in globalThis).toBe(false);
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
  });

  it('installs navigator.gpu and the globals for an adapter, and release takes them away', async () => {
    const opened = await openDawn([], async () => dawnWith(H100));
    if (opened.status !== 'ok') throw new Error(opened.note);
    expect(describeAdapter(opened.adapter)).toBe('nvidia / hopper / NVIDIA H100 80GB HBM3');
    expect(opened.adapter.software).toBe(false);
    expect((globalThis as unknown as { navigator: { gpu: unknown } }).navigator.gpu).toBe(opened.gpu);
    expect((globalThis as Record<string, unknown>).GPUBufferUsageForTest).toEqual({ STORAGE: 128 });
    opened.release();
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    expect('GPUBufferUsageForTest' in globalThis).toBe(false);
  });
});

describe('the adapter', () => {
  it('names the likely cause of no adapter on Linux', () => {
    expect(noAdapterHint('linux', () => false)).toContain('libvulkan.so.1 is not installed (apt-get install libvulkan1');
    expect(noAdapterHint('linux', (p) => p === '/usr/lib/x86_64-linux-gnu/libvulkan.so.1')).toContain('no driver offered a device Dawn accepts');
    expect(noAdapterHint('darwin', () => false)).toBe('Dawn found no GPU adapter');
  });

  it('tells a GPU from a CPU emulation and from the null backend', () => {
    const llvmpipe = adapterFacts({ info: { vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }, []);
    expect([llvmpipe.software, llvmpipe.nullBackend]).toEqual([true, false]);
    const fallback = adapterFacts({ info: { vendor: 'google', description: 'SwiftShader', isFallbackAdapter: true } }, []);
    expect(describeAdapter(fallback)).toBe('google / SwiftShader (fallback adapter)');
    const none = adapterFacts({ info: { device: 'null-backend' } }, ['backend=null']);
    expect([none.software, none.nullBackend]).toEqual([true, true]);
    expect(describeAdapter(none)).toBe("null-backend (Dawn's null backend: nothing runs)");
    expect(adapterFacts(H100, []).features).toEqual(['shader-f16', 'timestamp-query']);
  });

  it('puts gpu on a navigator that is already there (Node 21+) and leaves what was there before', () => {
    const navigator = { userAgent: 'Node.js/22' };
    const target: Record<string, unknown> = { navigator, GPUMapMode: 'theirs' };
    const gpu = gpuOf(null);
    const release = installGlobals(gpu, { GPUMapMode: 'dawn', GPUShaderStage: 'dawn' }, target);
    expect([(navigator as { gpu?: unknown }).gpu, target.GPUMapMode, target.GPUShaderStage]).toEqual([gpu, 'theirs', 'dawn']);
    release();
    expect(target).toEqual({ navigator: { userAgent: 'Node.js/22' }, GPUMapMode: 'theirs' });
  });
});

describe('nodeWebgpu', () => {
  it('with no adapter: one skipped row per case with the reason, no warm-up rows, the backend left as it was', async () => {
    const lines: string[] = [];
    const result = await nodeWebgpu(ctx(lines), { dawnFlags: [], open: () => openDawn([], async () => dawnWith(null)) });
    expect(result.summary).toMatchObject({ status: 'skipped', dawnFlags: [] });
    expect(result.throughput.map((r) => [r.case, r.runtime, r.backend, r.status, r.note])).toEqual(
      webgpuCases(true).map((id) => [id, 'node', 'webgpu', 'skipped', result.summary.note]),
    );
    expect(result.throughput[0]!.flopsPerStep).toBe(128 * 4900); // the toy's batch 128
    expect(result.warmup).toEqual([]);
    expect(lines).toEqual([`node-webgpu: skipped: ${result.summary.note}`]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('measures only the cases --cases keeps', async () => {
    const result = await nodeWebgpu({ ...ctx(), cases: new Set<CaseId>(['dcgan28', 'pix2pix64']) }, { dawnFlags: [], open: () => openDawn([], async () => dawnWith(null)) });
    expect(result.throughput.map((r) => r.case)).toEqual(['dcgan28']); // --quick's cases are toy and dcgan28
  });

  it('the torch sections run nothing when --cases keeps none of their cases', async () => {
    const none = { ...ctx(), cases: new Set<CaseId>(['toy']) };
    expect(await torchCuda(none, [])).toEqual({ status: 'skipped', note: 'left out by --cases', rows: [] });
    expect(await torchReference(none, [])).toEqual({ status: 'skipped', note: 'left out by --cases', rows: [] });
  });

  it('leaves the wide DCGAN out on a software adapter without starting a backend', async () => {
    let loaded = 0;
    const llvmpipe = { info: { vendor: 'mesa', device: 'llvmpipe' } };
    const result = await nodeWebgpu(ctx(), { dawnFlags: [], cases: ['dcgan28-wide'], open: () => openDawn([], async () => dawnWith(llvmpipe)), loadBackend: async () => loaded++ });
    expect(loaded).toBe(0);
    expect(result.summary).toMatchObject({ status: 'ok', adapter: 'mesa / llvmpipe' });
    expect(result.throughput.map((r) => [r.case, r.status, r.note])).toEqual([['dcgan28-wide', 'skipped', 'left out on a software adapter (minutes per step on the CPU)']]);
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
  });

  // Dawn's null backend compiles every shader and runs nothing: the whole path, fresh devices
  // and parallel compile included, without a GPU. Where dawn.node cannot load, nothing to run.
  it.skipIf(!dawnLoads)('runs the toy on Dawn\'s null backend: two warm-ups, steps/s, and everything released', async () => {
    const before = tf.memory().numTensors;
    const result = await nodeWebgpu(ctx(), { dawnFlags: ['backend=null'], cases: ['toy'] });
    expect(result.summary).toMatchObject({ status: 'ok', dawnFlags: ['backend=null'], adapter: "null-backend (Dawn's null backend: nothing runs)" });
    expect(result.warmup.map((w) => [w.runtime, w.parallelCompile, w.status, w.compileMs === null])).toEqual([
      ['node', true, 'ok', false],
      ['node', false, 'ok', true],
    ]);
    const [row] = result.throughput;
    expect(row).toMatchObject({ case: 'toy', runtime: 'node', backend: 'webgpu', status: 'ok', note: expect.stringContaining("Dawn's null backend") });
    expect(row!.steps).toBeGreaterThanOrEqual(3); // rateOptions(quick).minSteps
    expect(row!.flopsPerSecond).toBeCloseTo(row!.stepsPerSecond! * 128 * 4900);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
});

function results(over: Partial<BenchResults>): BenchResults {
  const machine = { date: '2026-12-06T00:00:00.000Z', cpu: 'x', cores: 16, memoryGiB: 128, os: 'Linux', node: 'v20', tfjs: '4.22.0', git: 'abc' };
  return {
    schema: 1,
    mode: 'full',
    machine,
    load: [],
    durationSeconds: 1,
    throughput: [],
    torch: { status: 'skipped', note: 'not run', rows: [] },
    managerOverhead: [],
    warmup: [],
    memory: [],
    smoothness: [],
    chartRedraw: { status: 'skipped', note: 'not run', charts: 0, pointsPerChart: 0, columns: 0 },
    limits: {},
    errors: [],
    ...over,
  };
}

const webgpuRow = (id: CaseId, over: Partial<ThroughputRow>): ThroughputRow => ({
  case: id,
  label: benchCase(id).label,
  config: '',
  runtime: 'node',
  backend: 'webgpu',
  status: 'ok',
  flopsPerStep: benchCase(id).settings.batchSize * 4900,
  ...over,
});

describe('the report', () => {
  const header = (md: string) => md.split('\n').find((l) => l.startsWith('| Model'))!;
  const line = (md: string, start: string) => md.split('\n').find((l) => l.startsWith(start));

  it("sets the page's GAN Lab default rate beside Node's session loop and bare trainer loop", () => {
    const row = (runtime: 'node' | 'chromium', backend: string, stepsPerSecond: number): ThroughputRow => ({ ...webgpuRow('ganlab', {}), runtime, backend, stepsPerSecond, flopsPerSecond: stepsPerSecond });
    const md = renderMarkdown(results({ throughput: [row('node', 'wasm', 400), row('node', SESSION_LOOP_BACKEND, 320), row('chromium', 'wasm', 288)] }));
    // 288 / 320 = 90%, 288 / 400 = 72%.
    expect(md).toContain("GAN Lab default on wasm: the page's worker at 288 steps/s, 90% of Node's session loop (the same work), 72% of Node's bare trainer loop.");
    expect(header(md)).toContain("| Node wasm, the worker's session loop steps/s |");
    // Without the page's row there is no line, and without a session row no column.
    const nodeOnly = renderMarkdown(results({ throughput: [row('node', 'wasm', 400)] }));
    expect(nodeOnly).not.toContain("the page's worker at");
    expect(header(nodeOnly)).not.toContain('session loop');
  });

  it("sets the page's GAN Lab default on webgl beside GAN Lab's own webgl rate (42-51 it/s)", () => {
    const row: ThroughputRow = { ...webgpuRow('ganlab', {}), runtime: 'chromium', backend: 'webgl', stepsPerSecond: 63, flopsPerSecond: 63, note: 'after a 20 s settle' };
    // 63 / 51 = 1.235..., 63 / 42 = 1.5.
    expect(renderMarkdown(results({ throughput: [row] }))).toContain("GAN Lab default on webgl: the page's worker at 63.0 steps/s (after a 20 s settle), 1.24-1.50x GAN Lab's own webgl loop (42-51 it/s, measured in this Chromium).");
    expect(renderMarkdown(results({ throughput: [{ ...row, status: 'failed', stepsPerSecond: undefined }] }))).not.toContain('GAN Lab default on webgl');
  });

  it('has no Node webgpu column and no wide DCGAN row when the section did not run', () => {
    const md = renderMarkdown(results({ throughput: [{ ...webgpuRow('toy', {}), backend: 'wasm', stepsPerSecond: 100, flopsPerSecond: 100 * 627_200 }] }));
    expect(header(md)).not.toContain('Node webgpu');
    expect(line(md, '| DCGAN 28x28 wide')).toBeUndefined();
    expect(md).not.toContain('Node webgpu (Dawn');
  });

  it('shows a skipped section as skipped rows with the reason as a footnote, and the reason under the table', () => {
    const note = 'Dawn found no GPU adapter: libvulkan.so.1 is not installed';
    const md = renderMarkdown(
      results({
        throughput: [webgpuRow('toy', { status: 'skipped', note }), webgpuRow('dcgan28-wide', { status: 'skipped', note })],
        nodeWebgpu: { status: 'skipped', note, dawnFlags: [], webgpuPackage: '0.6.2' },
      }),
    );
    expect(header(md)).toContain('| Node wasm steps/s | Node webgpu (Dawn) steps/s | Chromium webgpu steps/s |');
    expect(line(md, '| toy MLP')).toContain('| not run | not run | skipped [1] | not run |');
    // 64 x 4900 = 313,600 FLOPs per step.
    expect(line(md, '| DCGAN 28x28 wide (width 64, batch 64) | 314 kFLOP |')).toContain('skipped [1]');
    expect(md).toContain(`[1] ${note}`);
    expect(md).toContain(`Node webgpu (Dawn, webgpu 0.6.2): skipped: ${note}.`);
  });

  it('shows figures, the adapter, the Node warm-up rows and PyTorch CUDA beside them', () => {
    // pix2pix 32: batch 4, 4 x 4900 = 19,600 FLOPs per step; at 500 steps/s, 9.8 MFLOP/s.
    const md = renderMarkdown(
      results({
        throughput: [webgpuRow('pix2pix32', { stepsPerSecond: 500, flopsPerSecond: 500 * 19_600 })],
        nodeWebgpu: { status: 'ok', adapter: 'nvidia / hopper / NVIDIA H100 80GB HBM3', dawnFlags: ['backend=vulkan'], webgpuPackage: '0.6.2' },
        warmup: [
          { case: 'pix2pix32', runtime: 'node', parallelCompile: true, status: 'ok', compileMs: 812.4, firstStepMs: 95.25, startToWarmMs: 1204 },
          { case: 'pix2pix32', parallelCompile: false, status: 'ok', compileMs: null, firstStepMs: 8378, startToWarmMs: 8581 },
        ],
        torchCuda: {
          status: 'ok',
          version: '2.5.1',
          gpu: 'NVIDIA H100 80GB HBM3',
          // 2,000 steps/s against our 500: 4x.
          rows: [{ case: 'pix2pix32', device: 'cuda', threads: 1, status: 'ok', stepsPerSecond: 2000, flopsPerStep: 19_600, vsWebgpu: 2000 / 500 }],
        },
      }),
    );
    expect(line(md, '| pix2pix 32')).toContain('| not run | not run | 500 (9.80 MFLOP/s) | not run |');
    expect(md).toContain('Node webgpu (Dawn, webgpu 0.6.2, options backend=vulkan): adapter nvidia / hopper / NVIDIA H100 80GB HBM3.');
    expect(line(md, '| First step on webgpu')).toBe('| First step on webgpu | runtime | parallelCompile | compile ms | first step ms | start to warmed up ms |');
    expect(line(md, '| pix2pix 32 | Node (Dawn) |')).toBe('| pix2pix 32 | Node (Dawn) | true | 812 | 95.3 | 1204 |');
    expect(line(md, '| pix2pix 32 | Chromium |')).toBe('| pix2pix 32 | Chromium | false | - | 8378 | 8581 |');
    expect(line(md, '| PyTorch 2.5.1 CUDA on NVIDIA H100 80GB HBM3')).toBe('| PyTorch 2.5.1 CUDA on NVIDIA H100 80GB HBM3 | steps/s | vs our Node webgpu |');
    // 2,000 x 19,600 = 39.2 MFLOP/s.
    expect(line(md, '| pix2pix 32 (width 16, batch 4) | 2000')).toBe('| pix2pix 32 (width 16, batch 4) | 2000 (39.2 MFLOP/s) | 4.00x |');
  });

  it('says "no CUDA" with the reason where PyTorch has none', () => {
    const md = renderMarkdown(results({ torchCuda: { status: 'unavailable', note: 'no CUDA: torch 1.13.0a0 was built without CUDA', rows: [] } }));
    expect(md).toContain('PyTorch CUDA: unavailable [');
    expect(md).toMatch(/\[\d\] no CUDA: torch 1\.13\.0a0 was built without CUDA/);
  });
});

// Debian's python3-torch is a CPU build: the CUDA option's "no CUDA" path, end to end.
const cpuOnlyTorch = spawnSync('/usr/bin/python3', ['-c', 'import sys, torch; sys.exit(0 if torch.version.cuda is None else 1)']).status === 0;
describe.skipIf(!cpuOnlyTorch)('PyTorch on CUDA without CUDA', () => {
  it('reference.py --device cuda exits 3 with the reason', () => {
    const run = spawnSync('/usr/bin/python3', ['bench/torch/reference.py', '--device', 'cuda'], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toMatch(/^no CUDA: torch \S+ was built without CUDA$/);
  });

  it('the torch-cuda section says unavailable, "no CUDA", and how to pick another interpreter', async () => {
    const result = await torchCuda(ctx(), []);
    expect(result.status).toBe('unavailable');
    expect(result.note).toMatch(/^no CUDA: torch \S+ was built without CUDA \(PYTHON= picks an interpreter whose torch has CUDA\)$/);
    expect(result.rows).toEqual([]);
  });
});
