// The probe's page: starts the probe worker and hands its answers to the driver (webglProbe.ts).
import type { ProbePlan, ProbeResult } from './probe.worker';

function runProbe(plan: ProbePlan): Promise<ProbeResult> {
  const worker = new Worker(new URL('./probe.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ProbeResult | { mark: string }>) => {
      if ('mark' in event.data) return void (globalThis as unknown as { probeMark?: (name: string) => void }).probeMark?.(event.data.mark);
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(plan);
  });
}

(globalThis as unknown as { runProbe: typeof runProbe }).runProbe = runProbe;

// The same probe on the page's main thread (where a CDP CPU profile can see it).
import { probe } from './probe';
(globalThis as unknown as { runProbeHere: (plan: Parameters<typeof probe>[0]) => ReturnType<typeof probe> }).runProbeHere = (plan) =>
  probe(plan, (name) => (globalThis as unknown as { probeMark?: (name: string) => void }).probeMark?.(name));

import { compareFused } from './compareFused';
(globalThis as unknown as { compareFused: typeof compareFused }).compareFused = compareFused;

import { compareKernels } from './compareKernels';
(globalThis as unknown as { compareKernels: typeof compareKernels }).compareKernels = compareKernels;

import { compareCriticHealth } from './compareKernels';
(globalThis as unknown as { compareCriticHealth: typeof compareCriticHealth }).compareCriticHealth = compareCriticHealth;

import { compareReadBack } from './compareReadBack';
(globalThis as unknown as { compareReadBack: typeof compareReadBack }).compareReadBack = compareReadBack;

import { compareToyMetrics } from './compareToyMetrics';
(globalThis as unknown as { compareToyMetrics: typeof compareToyMetrics }).compareToyMetrics = compareToyMetrics;

import { compareConvModels } from './compareConvModels';
(globalThis as unknown as { compareConvModels: typeof compareConvModels }).compareConvModels = compareConvModels;
