import { useContext } from 'react';
import { useStore } from 'zustand';
import { alarmText } from '../../manager/alarms/catalog';
import type { HistoryStore } from '../../state/historyStore';
import styles from './alarms.module.css';
import { CursorContext } from './cursor';

/** Entries drawn at most: a long run with a twitchy threshold could raise thousands. */
export const MAX_LISTED_ALARMS = 50;
/** The cursor's source when the list moved it: no chart shows a readout for it. */
const SOURCE = 'alarms-list';

/**
 * The run's alarms, newest first: the step (a button that moves every chart's cursor there),
 * what was seen, what it means and what to try. The charts mark the same steps. It re-renders
 * when an alarm arrives, never per history batch.
 */
export function AlarmsList({ store }: { store: HistoryStore }) {
  const alarms = useStore(store, (s) => s.alarms);
  const cursor = useContext(CursorContext);
  const shown = alarms.map((alarm, i) => ({ alarm, i })).slice(-MAX_LISTED_ALARMS).reverse();
  return (
    <section aria-label="Alarms" className={styles.alarms}>
      <h2>
        Alarms
        {alarms.length > 0 && <span className={styles.count}>{alarms.length}</span>}
      </h2>
      {alarms.length === 0 ? (
        <p className={styles.muted}>None raised. The run's D accuracy, G loss, mode coverage or class entropy, G gradient and quality metrics are watched as they arrive.</p>
      ) : (
        <ol className={styles.list}>
          {shown.map(({ alarm, i }) => {
            const text = alarmText(alarm.kind);
            return (
              <li key={i} className={styles.entry} data-testid="alarm" data-kind={alarm.kind} data-step={alarm.step}>
                <div className={styles.head}>
                  <button type="button" onClick={() => cursor.setState({ step: alarm.step, source: SOURCE, y: null })} aria-label={`Show step ${alarm.step} on the charts`}>
                    Step {alarm.step}
                  </button>
                  <strong>{text.title}</strong>
                </div>
                <p>{alarm.detail}</p>
                {text.meaning && <p className={styles.muted}>{text.meaning}</p>}
                {text.suggestion && <p>Try: {text.suggestion}</p>}
              </li>
            );
          })}
        </ol>
      )}
      {alarms.length > shown.length && <p className={styles.muted}>The {MAX_LISTED_ALARMS} newest are listed; {alarms.length - shown.length} older are in the run's loss log.</p>}
    </section>
  );
}
