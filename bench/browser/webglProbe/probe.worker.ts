// The probe in a worker, as the app trains (src/worker/training.worker.ts).
import { probe, type ProbePlan } from './probe';

export type { ProbePlan, ProbeResult } from './probe';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ProbePlan>) => {
  probe(event.data, (name) => scope.postMessage({ mark: name })).then(
    (result) => scope.postMessage(result),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) }),
  );
};
