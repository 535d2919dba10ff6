// The wasm thread count as a person types it (?threads=, --threads), its default, and how a
// page's ?threads= reaches the training worker (its name).
import { describe, expect, it } from 'vitest';
import { DEFAULT_WASM_THREADS, MAX_WASM_THREADS, parseWasmThreads } from '../../../src/engine/wasm/threads';
import { isSweepWorker, threadsAskedIn, trainingWorkerName } from '../../../src/protocol/workerName';

describe('DEFAULT_WASM_THREADS', () => {
  it('is one: threads are asked for (see its comment)', () => {
    expect(DEFAULT_WASM_THREADS).toBe(1);
  });
});

describe('parseWasmThreads', () => {
  it('takes whole numbers from 1 to MAX_WASM_THREADS', () => {
    expect(MAX_WASM_THREADS).toBe(8);
    expect(parseWasmThreads('1', 'x')).toEqual({ threads: 1 });
    expect(parseWasmThreads(' 8 ', 'x')).toEqual({ threads: 8 });
  });

  it.each(['0', '9', '-1', '2.5', '1e1', '', 'lots', '__proto__', 'toString', '0x4'])('refuses %j, naming where', (raw) => {
    expect(parseWasmThreads(raw, '?threads=')).toEqual({ problem: `?threads= must be a whole number from 1 to 8, got ${JSON.stringify(raw)}` });
  });

  it('cuts a long value in its message', () => {
    const problem = (parseWasmThreads('9'.repeat(1000), '--threads') as { problem: string }).problem;
    expect(problem).toBe(`--threads must be a whole number from 1 to 8, got "${'9'.repeat(20)}"`);
  });
});

describe("the training worker's name", () => {
  it('carries ?threads= as typed, and nothing when absent', () => {
    expect(trainingWorkerName('')).toBe('training');
    expect(threadsAskedIn(trainingWorkerName(''))).toBeNull();
    expect(threadsAskedIn(trainingWorkerName('?a=1&threads=3'))).toBe('3');
    expect(threadsAskedIn(trainingWorkerName('?threads=lots'))).toBe('lots');
    expect(threadsAskedIn(trainingWorkerName(`?threads=${'7'.repeat(100)}`))).toBe('7'.repeat(20));
    expect(threadsAskedIn('some other worker')).toBeNull();
  });

  it("names a sweep's extra workers apart (they keep no checkpoint), with the same threads", () => {
    expect(trainingWorkerName('', 'sweep')).toBe('training-sweep');
    expect(threadsAskedIn(trainingWorkerName('?threads=2', 'sweep'))).toBe('2');
    expect([trainingWorkerName('', 'sweep'), trainingWorkerName('?threads=2', 'sweep')].map(isSweepWorker)).toEqual([true, true]);
    expect(['training', 'training threads=2', 'training-sweeps', 'x'].map(isSweepWorker)).toEqual([false, false, false, false]);
  });
});
