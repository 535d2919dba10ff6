import type { ReactNode } from 'react';
import type { BuiltNetwork, NetworkName } from '../protocol/messages';
import { useRun } from './usePlayground';

const STATUS_TEXT = {
  idle: 'Not started',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  stopped: 'Stopped',
  failed: 'Failed',
} as const;

/**
 * One figure of the status line: a box at least `width` characters wide in tabular digits, so
 * that numbers changing while training never change the line's length, and the line wraps (and
 * moves the page below it) only when the window is resized. Buttons that move under the pointer
 * every few frames are unclickable (a browser test's "wait until stable" never ends).
 */
function Stat({ width, title, children }: { width: number; title?: string; children: ReactNode }) {
  return (
    <span className="stat" style={{ minWidth: `${width}ch` }} title={title}>
      {' · '}
      {children}
    </span>
  );
}

/** Backend (and why not a better one), adapter, step, speed, memory; errors as readable alerts. */
export function StatusLine() {
  const status = useRun((s) => s.status);
  const backend = useRun((s) => s.backend);
  const reasons = useRun((s) => s.reasons);
  const adapter = useRun((s) => s.adapter);
  const progress = useRun((s) => s.progress);
  const warmup = useRun((s) => s.warmup);
  const error = useRun((s) => s.error);
  const built = useRun((s) => s.built);
  return (
    <section className="status" aria-label="Run status">
      <p>
        <strong data-testid="run-status">{STATUS_TEXT[status]}</strong>
        {backend && (
          <>
            {' '}on <span data-testid="backend-name">{backend}</span>
            {adapter && <span className="muted"> ({adapter})</span>}
          </>
        )}
        {progress && (
          <>
            <Stat width={11}>
              step <span data-testid="step">{progress.step}</span>
            </Stat>
            <Stat width={9} title={`${progress.stepsPerEpoch} steps per epoch`}>
              epoch <span data-testid="epoch">{progress.epoch}</span>
            </Stat>
            <Stat width={13}>
              <span data-testid="steps-per-second">{progress.stepsPerSecond.toFixed(1)}</span> steps/s
            </Stat>
            <Stat width={22}>
              D {progress.phaseMs.D.toFixed(1)} ms, G {progress.phaseMs.G.toFixed(1)} ms
            </Stat>
            <Stat width={progress.numBytesInGPU !== null ? 30 : 19}>
              {progress.numTensors} tensors, {((progress.numBytesInGPU ?? progress.numBytes) / 2 ** 20).toFixed(1)} MiB
              {progress.numBytesInGPU !== null ? ' on the GPU' : ''}
            </Stat>
          </>
        )}
        {warmup && (
          <span className="muted stat">
            {' · '}warm-up: {warmup.compileMs === null ? 'no parallel compile' : `compile ${warmup.compileMs.toFixed(0)} ms`}, first step{' '}
            {warmup.firstStepMs.toFixed(0)} ms
          </span>
        )}
      </p>
      {reasons.length > 0 && (
        <details>
          <summary>Why not a faster backend</summary>
          <ul>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      )}
      {built && (
        <p className="muted" data-testid="built-networks">
          Built: {builtText('G', built.G)} · {builtText('D', built.D)}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="run-error">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * "G 8-8-2 (186 params), Momentum momentum 0.9": the layers' widths and the optimizer's own
 * settings as the worker built them. The learning rate is left out: it changes live.
 */
export function builtText(network: NetworkName, built: BuiltNetwork): string {
  const settings = Object.entries(built.optimizerConfig)
    .filter(([key, value]) => key !== 'learningRate' && typeof value === 'number')
    .map(([key, value]) => `${key} ${value}`);
  return `${network} ${built.layers.join('-')} (${built.params.toLocaleString('en-US')} params), ${[built.optimizer, ...settings].join(' ')}`;
}
