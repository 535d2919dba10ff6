import { useEffect, useState } from 'react';
import { startSmoke } from '../client/smokeClient';
import { assertNever, type SmokeEvent } from '../protocol/messages';
import { installDebugHook } from './debugHook';
import { ToyRunPanel } from './ToyRunPanel';

const debug = installDebugHook(globalThis as { playground?: ReturnType<typeof installDebugHook> });

/** Placeholder page: proves the worker + WebGPU path works until the real UI lands. */
export function App() {
  const [smoke, setSmoke] = useState<SmokeEvent | undefined>(undefined);
  useEffect(() => startSmoke(setSmoke), []);

  return (
    <main>
      <h1>GAN Loss Playground</h1>
      <p>The playground UI is coming. For now this page checks that tfjs runs on WebGPU in a worker.</p>
      <p>
        Backend: <SmokeStatus smoke={smoke} />
      </p>
      <ToyRunPanel debug={debug} />
    </main>
  );
}

function SmokeStatus({ smoke }: { smoke: SmokeEvent | undefined }) {
  if (!smoke) return <span>starting…</span>;
  switch (smoke.type) {
    case 'ready':
      return (
        <>
          <span data-testid="backend">{smoke.backend}</span> (sum of [1, 2, 3] read back:{' '}
          <span data-testid="smoke-sum">{smoke.sum}</span>)
        </>
      );
    case 'failed':
      return <span data-testid="backend-error" role="alert">{smoke.message}</span>;
    default:
      return assertNever(smoke);
  }
}
