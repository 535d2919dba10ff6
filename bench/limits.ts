// What limits each figure, written into the results and under the README's table.
import type { MachineInfo } from './types';

export function limits(machine: MachineInfo): Record<string, string> {
  const cores = `${machine.cores}-core`;
  return {
    machine:
      `One run on a ${cores} machine shared with other jobs: the load averages before and after each section are in the JSON, ` +
      'and with a load above the core count every wall-clock figure is low by an unknown factor (Node rows also give steps per CPU-second, which load changes less).',
    throughput:
      'Steps/s of the engine as it trains (GanTrainer with its LossManager, data drawn per step, losses read back every 10 steps in Node, ' +
      'every 100 ms in the worker). Node cpu and wasm are single-threaded, except the "Node wasm N threads" rows (the threaded SIMD binary); tfjs cpu spends most of a conv step in its JS Conv2DBackpropFilter, ' +
      'so its conv rows are one or two steps of 10-40 s. In Chromium without a GPU, webgpu and webgl run on SwiftShader, a CPU rasterizer, ' +
      'so they measure SwiftShader on these cores, not a GPU. Windows are seconds long: a figure within ~20% of another is a tie here.',
    flops:
      "FLOPs/step = batch x (4 F_G + 9 F_D), F = buildModels' forward FLOPs per sample (2 x multiply-adds of dense and conv layers); " +
      'a backpropagated pass counts 3x its forward, one without gradients 1x (bench/cases.ts). It overcounts a little (D needs no weight ' +
      'gradient in the G update) and leaves out element-wise work, which dominates the toy MLP, so its FLOP/s are not comparable to the conv nets.',
    torch:
      'PyTorch on the same CPU and the same steps (bench/torch/reference.py): same layers, batch, losses and Adam, NCHW instead of NHWC, ' +
      'random pix2pix pairs instead of our procedural ones. Each PyTorch row is set beside our Node wasm at the same thread count; more threads than idle cores compete with the other jobs on a shared machine.',
    nodeWebgpu:
      "tfjs's webgpu backend in Node on Dawn (the webgpu package), no browser: the engine's GanTrainer as in the Node rows, losses read back every 10 steps. " +
      'Each case starts twice on a fresh device (parallel compile on, then off, or the other way round) and is timed after the second start. ' +
      "Dawn's compiles differ from Chromium's (no shader cache on disk, its own Tint). No adapter, or no webgpu package, and the rows say skipped and why. " +
      'DCGAN 28x28 wide is the engine\'s DCGAN (28x28 only) at width 64, batch 64, since no 64x64 DCGAN exists here.',
    torchCuda:
      'PyTorch on the same machine\'s CUDA GPU (bench/torch/reference.py --device cuda), the same layers, batch, losses and Adam as the torch rows; ' +
      'each step ends in .item(), which waits for the GPU. cuDNN picks its own kernels (no autotuning asked for). "no CUDA" where torch or the machine has none.',
    managerOverhead:
      "The same GanTrainer with its LossManager against one whose manager only runs each loss module and multiplies by its weight " +
      '(bench/node/managerOverhead.ts): the difference is recording, loss maps, schedules, pending values and the read-back every 100 ms. ' +
      'Steps of the two alternate one by one and each is timed, so load that comes and goes falls on both; the range over blocks of a few seconds shows the noise.',
    emaOverhead:
      'The same GanTrainer with and without an EMA generator (bench/node/emaOverhead.ts), steps alternating as for the manager overhead: the ' +
      "difference is one average of G's weights per step (MMagic's update, src/engine/emaGenerator.ts); the metrics' second measurement is not included.",
    metricsCost:
      'One quality measurement as `npm run train` times it (bench/node/metricsCost.ts): the page\'s default settings, measured after each step for a few steps; ' +
      'the first pass also makes the evaluation set (DCGAN: the 2,000 held-out digits\' classifier features and KID\'s real-side kernel sums). DCGAN\'s pass is 1,000 generated digits ' +
      'through G and the classifier, one read-back, and KID (100 subsets) and FID in float64 JS; in the browser G and the classifier run on the GPU and only the JS part stays.',
    warmup:
      "The worker's 'warmedUp' event on webgpu (SwiftShader here) in a fresh browser each time: compileMs is the parallel compile, firstStepMs the " +
      'first step read back, start to warmed up what a person waits for (backend start, data, compile, first step). On a real GPU driver compiles differ.',
    memory:
      "tf.memory() when the run is paused at each step (everything read back), in Node through the worker's own TrainingSession loop " +
      "(the DCGAN shrunk to width 4, batch 4: a leak grows per step whatever the width); in Chromium from the worker's progress event sent on pause, " +
      'on wasm, since webgpu on SwiftShader trains the toy at ~3 steps/s (2,000 steps would take ten minutes). Equal counts mean nothing grows per step.',
    smoothness:
      "Long tasks are the page's main thread only (the worker's own time is not a long task); frames are requestAnimationFrame intervals in headless " +
      'Chromium; bytes are an estimate of the structured-clone payload (typed arrays by byteLength, 8 per number, string lengths). ' +
      "What the page still takes from the worker (GAN Lab default, wasm, measured with bench/browser/pageRate.ts): in the worker, ~4% of its busy time " +
      'reporting (history read-backs every 100 ms, loss maps every 300 ms, the toy plane every 500 ms: ~10, 3 and 2 messages a second, ~110, 0.5 and 51 kB/s); ' +
      "on the page's main thread, drawing what arrives (charts 10 times a second, samples, maps) used 10-31% of a core, which on 2 cores is CPU the worker " +
      "does not get; and while the page's frames run late (long-animation-frame), the worker rests up to 20% of its time (src/engine/adaptivePace.ts).",
    chartRedraw:
      'The chart models the LossCharts build (smoothing, M4 downsampling, axes) in Node, with the history store append of a 100-step batch; ' +
      "the SVG rendering (recharts' axes, one path per line: SeriesLayer) is not included (the long-task figure above covers it in the page).",
    manyRuns:
      "Each main-thread task's wall time and the CPU time the thread spent in it, from a Chrome trace (RunTask events): on cores shared with other jobs " +
      'wall time also counts waiting for a core, CPU time is the page\'s own work. The hover and zoom are scripted pointer moves 40 ms apart, ' +
      "as test/e2e/manyRuns.test.ts makes them; the first draw is timed by polling the charts' paths every 50 ms (to within ~50 ms).",
  };
}
