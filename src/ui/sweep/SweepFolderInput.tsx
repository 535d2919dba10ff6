import { useState, type ChangeEvent } from 'react';
import { loadSweepFolder } from '../../client/sweep/sweepFolder';
import type { SweepStore } from '../../state/sweepStore';
import { usePlayground } from '../usePlayground';
import styles from './sweep.module.css';

const MAX_PROBLEMS_SHOWN = 10;

/** Picks a CLI sweep's --out folder: its variants become runs, its summary.json the table. */
export function SweepFolderInput({ store, disabled }: { store: SweepStore; disabled: boolean }) {
  const playground = usePlayground();
  const [result, setResult] = useState<{ imported: number; problems: string[] } | null>(null);
  const [loading, setLoading] = useState(false);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? [], (f) => ({ path: f.webkitRelativePath || f.name, text: () => f.text() }));
    e.target.value = '';
    if (files.length === 0) return;
    setLoading(true);
    loadSweepFolder(files, playground, store)
      .then(setResult, (error: unknown) => setResult({ imported: 0, problems: [error instanceof Error ? error.message : String(error)] }))
      .finally(() => setLoading(false));
  };

  return (
    <div>
      <label>
        {"Load a CLI sweep's folder "}
        {/* webkitdirectory is not in React's types; every current browser supports it. */}
        <input type="file" ref={(el) => el?.setAttribute('webkitdirectory', '')} disabled={disabled || loading} onChange={pick} />
      </label>
      {loading && <p className="muted">Loading the sweep's runs…</p>}
      {result && (
        <div data-testid="sweep-folder-result">
          <p className="muted">{`${result.imported} variant run${result.imported === 1 ? '' : 's'} loaded.`}</p>
          {result.problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => (
            <p key={problem} className={styles.error} role="alert">
              {problem}
            </p>
          ))}
          {result.problems.length > MAX_PROBLEMS_SHOWN && <p className={styles.error}>{`… and ${result.problems.length - MAX_PROBLEMS_SHOWN} more problems`}</p>}
        </div>
      )}
    </div>
  );
}
