import { useEffect, useState } from 'react';
import type { TrainingEvent } from '../protocol/messages';
import type { PlaygroundDebug } from './debugHook';

/** The engine's first visible run: a toy GAN in the worker, its step and last losses. */
export function ToyRunPanel({ debug }: { debug: PlaygroundDebug }) {
  const [status, setStatus] = useState('not started');
  const [losses, setLosses] = useState<Record<string, number>>({});

  useEffect(
    () =>
      debug.subscribe((event: TrainingEvent) => {
        if (event.type === 'ready') setStatus(`training on ${event.backend}`);
        if (event.type === 'progress') setStatus((s) => `${s.split(' · ')[0]} · step ${event.progress.step}`);
        if (event.type === 'failed' || event.type === 'stopped') setStatus(event.message);
        if (event.type === 'history') {
          const last: Record<string, number> = {};
          event.batch.loss.forEach((index, i) => (last[event.batch.names[index] ?? '?'] = event.batch.value[i] ?? NaN));
          setLosses((prev) => ({ ...prev, ...last }));
        }
      }),
    [debug],
  );

  const start = () =>
    debug.start({
      family: 'toy',
      model: {},
      data: { kind: 'ring' },
      spec: {
        losses: [
          { name: 'G_GAN', type: 'GANLoss', gan_type: 'vanilla', target_is_real: true, is_disc: false, data_info: { input: 'disc_pred_fake' }, tags: ['G'] },
          { name: 'D_real', type: 'GANLoss', gan_type: 'vanilla', target_is_real: true, is_disc: true, data_info: { input: 'disc_pred_real' }, tags: ['D'] },
          { name: 'D_fake', type: 'GANLoss', gan_type: 'vanilla', target_is_real: false, is_disc: true, data_info: { input: 'disc_pred_fake' }, tags: ['D'] },
        ],
      },
      optimizers: { G: { type: 'adam', learningRate: 0.01 }, D: { type: 'adam', learningRate: 0.01 } },
      batchSize: 64,
      dSteps: 1,
      gSteps: 1,
      seed: 1,
    });

  return (
    <section aria-label="Toy GAN run">
      <h2>Toy GAN (engine preview)</h2>
      <button type="button" onClick={start}>
        Train the toy GAN
      </button>{' '}
      <button type="button" onClick={() => debug.send({ type: 'pause' })}>
        Pause
      </button>
      <p data-testid="run-status">{status}</p>
      <ul>
        {Object.entries(losses).map(([name, value]) => (
          <li key={name}>
            {name}: {value.toFixed(4)}
          </li>
        ))}
      </ul>
    </section>
  );
}
