import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import type { LossMapMessage } from '../../protocol/messages';
import type { MapsState, MapsStore } from '../../state/mapsStore';
import type { ColormapName } from './colormaps';
import { setText } from './domText';
import { formatValue } from './format';
import { HeatMap } from './HeatMap';
import styles from './maps.module.css';
import { useFrameSubscription } from './useFrameSubscription';

const SEPARATOR = '\u0000';

/** A loss whose map has one element (shape [], [1], [1, 1, 1], ...) is shown as a number. */
export function isScalarMap(map: Pick<LossMapMessage, 'shape'>): boolean {
  return map.shape.reduce((a, b) => a * b, 1) === 1;
}

/**
 * Which cards to render, as one string: React re-renders the panel only when a loss appears,
 * goes, or turns scalar, not when a new step's maps arrive.
 */
function cardsKey(state: MapsState): string {
  return [...state.maps.values()]
    .map((m) => (isScalarMap(m) ? 's' : 'm') + m.name)
    .join(SEPARATOR);
}

export interface LossMapsPanelProps {
  readonly store: MapsStore;
  /** @default 'viridis' */
  readonly colormap?: ColormapName;
}

/** Every loss's latest map: a heat map per per-element loss, a number per scalar one. */
export function LossMapsPanel({ store, colormap = 'viridis' }: LossMapsPanelProps) {
  const key = useStore(store, cardsKey);
  const cards = key === '' ? [] : key.split(SEPARATOR).map((k) => ({ scalar: k[0] === 's', name: k.slice(1) }));
  return (
    <section className={styles.panel} aria-label="Loss maps">
      <h2 className={styles.heading}>Loss maps</h2>
      {cards.length === 0 ? (
        <p className={styles.empty}>No loss maps yet: each loss's per-pixel map appears here once training reports one.</p>
      ) : (
        <div className={styles.grid}>
          {cards.map(({ scalar, name }) =>
            scalar ? <ScalarLoss key={`s${name}`} store={store} name={name} /> : <HeatMap key={`m${name}`} store={store} name={name} colormap={colormap} />,
          )}
        </div>
      )}
    </section>
  );
}

/** A loss that reports one value: its number, updated in an animation frame. */
function ScalarLoss({ store, name }: { readonly store: MapsStore; readonly name: string }) {
  const valueRef = useRef<HTMLSpanElement>(null);
  const stepRef = useRef<HTMLSpanElement>(null);
  const select = useCallback((state: MapsState) => state.maps.get(name), [name]);
  const draw = useCallback(
    (map: LossMapMessage | undefined) => {
      if (!map) return;
      const text = formatValue(map.data[0] ?? NaN);
      setText(valueRef, text);
      setText(stepRef, `step ${map.step}`);
    },
    [name],
  );
  useFrameSubscription(store, select, draw);
  return (
    <figure className={styles.card}>
      <figcaption className={styles.title}>
        <span>{name}</span>
        <span className={styles.step} ref={stepRef} />
      </figcaption>
      {/* Not an <output>: that is a live region, and a screen reader would read every step. */}
      <span className={styles.scalar} ref={valueRef}>
        –
      </span>
    </figure>
  );
}
