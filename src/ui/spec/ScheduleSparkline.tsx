import { useMemo } from 'react';
import { useRun } from '../usePlayground';
import { sparkline } from './scheduleForm';
import styles from './spec.module.css';

const WIDTH = 240;
const HEIGHT = 40;

function short(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/**
 * A schedule's curve over the run, with a marker at the current step or epoch (as the worker
 * last reported it). Only this re-renders as the run moves.
 */
export function ScheduleSparkline({ schedule, owner }: { schedule: unknown; owner: string }) {
  const unit = (schedule as { unit?: unknown } | null)?.unit === 'epoch' ? 'epoch' : 'step';
  const now = useRun((s) => (unit === 'epoch' ? s.progress?.epoch : s.progress?.step) ?? 0);
  const curve = useMemo(() => sparkline(schedule, now, WIDTH, HEIGHT), [schedule, now]);
  if (curve === null) return <p className={styles.hint}>The curve appears once the schedule is valid.</p>;
  const label =
    `Weight schedule of ${owner}: from ${unit} 0 to ${short(curve.horizon)}, between 0 and ${short(curve.yMax)}; ` +
    `now ${unit} ${now}, weight ${short(curve.valueNow)}`;
  return (
    <figure className={styles.sparkline}>
      <svg role="img" aria-label={label} viewBox={`-1 -1 ${WIDTH + 2} ${HEIGHT + 2}`} preserveAspectRatio="none">
        <path d={curve.path} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        <line className={styles.marker} x1={curve.markerX} x2={curve.markerX} y1={0} y2={HEIGHT} vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className={styles.hint} aria-hidden="true">
        <span>0</span>
        <span>
          {unit} {now}: {short(curve.valueNow)}
        </span>
        <span>{short(curve.horizon)}</span>
      </figcaption>
    </figure>
  );
}
