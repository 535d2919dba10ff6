import { useCallback } from 'react';
import { useStore } from 'zustand';
import { isDerivedSeries, parseSeriesName } from '../../manager/seriesNames';
import type { HistoryState, HistoryStore } from '../../state/historyStore';
import { useLatestValues } from '../useLatestValues';
import styles from './charts.module.css';
import { LossChart } from './LossChart';
import type { LossChartOptions } from './options';

const NETWORKS = ['G', 'D'] as const;
const SEP = '\u0000';
/**
 * Gradient series arrive every gradEvery steps: redrawn once a second, these charts leave the
 * main thread to the loss charts (six charts at five redraws a second made long tasks).
 */
const GRADIENT_REDRAW_MS = 1000;
const derivedKey = (s: HistoryState) => [...s.series.keys()].filter(isDerivedSeries).join(SEP);

/**
 * Why each loss pulls as hard as it does, per network: each loss's share of the gradient norm
 * (shares sum to 1), the norms on a log axis (the total is the update's), and the cosines
 * between the losses' gradients as a matrix of the latest values (negative: they fight).
 */
export function GradientCharts({ store, options }: { store: HistoryStore; options: LossChartOptions }) {
  const key = useStore(store, derivedKey);
  const names = key === '' ? [] : key.split(SEP);
  return (
    <>
      {NETWORKS.map((network) => {
        const shares = names.filter((n) => { const s = parseSeriesName(n); return s.kind === 'gradShare' && s.network === network; });
        if (shares.length === 0) return null;
        const norms = names.filter((n) => { const s = parseSeriesName(n); return s.kind === 'grad' && s.network === network; });
        const pairs = names.filter((n) => { const s = parseSeriesName(n); return s.kind === 'gradCos' && s.network === network; });
        const layers = names.filter((n) => { const s = parseSeriesName(n); return s.kind === 'gradLayer' && s.network === network; });
        return (
          <div key={network} className={styles.gradients}>
            <LossChart store={store} names={shares} title={`${network} gradient share`} options={{ ...options, logY: false, showWeight: false }} height={180} redrawMs={GRADIENT_REDRAW_MS} />
            <LossChart store={store} names={norms} title={`${network} gradient norms`} options={{ ...options, logY: true, showWeight: false }} height={180} redrawMs={GRADIENT_REDRAW_MS} />
            {layers.length > 0 && (
              <LossChart store={store} names={layers} title={`${network} gradient norms per weight tensor`} options={{ ...options, logY: true, showWeight: false }} height={220} redrawMs={GRADIENT_REDRAW_MS} />
            )}
            {pairs.length > 0 && <CosineMatrix store={store} network={network} losses={shares.map((n) => n.slice(`gradShare/${network}/`.length))} />}
          </div>
        );
      })}
    </>
  );
}

/** The latest cosine of each pair of a network's losses' gradients, as a symmetric table. */
function CosineMatrix({ store, network, losses }: { store: HistoryStore; network: string; losses: readonly string[] }) {
  const pick = useCallback((name: string) => {
    const s = parseSeriesName(name);
    return s.kind === 'gradCos' && s.network === network ? `${s.a}~${s.b}` : null;
  }, [network]);
  const cos = useLatestValues(store, pick);
  const at = (a: string, b: string) => (a === b ? 1 : (cos.get(`${a}~${b}`) ?? cos.get(`${b}~${a}`)));
  return (
    <figure className={styles.card} aria-label={`${network} gradient cosines`}>
      <figcaption className={styles.title}>{network} gradient cosines (latest)</figcaption>
      <table className={styles.cosines}>
        <thead>
          <tr>
            <th />
            {losses.map((b) => <th key={b} scope="col">{b}</th>)}
          </tr>
        </thead>
        <tbody>
          {losses.map((a) => (
            <tr key={a}>
              <th scope="row">{a}</th>
              {losses.map((b) => {
                const v = at(a, b);
                // Blue where two losses pull together, red where they fight.
                const tint = v === undefined || !Number.isFinite(v) ? 'transparent' : v >= 0 ? `rgba(31, 119, 180, ${0.15 + 0.5 * v})` : `rgba(214, 39, 40, ${0.15 - 0.5 * v})`;
                return (
                  <td key={b} style={{ background: tint }} aria-label={`cosine of ${a} and ${b}`}>
                    {v === undefined ? '–' : v.toFixed(2)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
