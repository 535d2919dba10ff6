import { lazy, Suspense } from 'react';

// The editor checks specs with the loss catalog's zod schemas: loaded with it when it is first
// shown, so the page's first chunk stays small (its size warning means tfjs leaked into it).
const Editor = lazy(() => import('./SpecEditor').then((m) => ({ default: m.SpecEditor })));

/** The loss spec editor, loaded on first render; a placeholder panel until then. */
export function SpecEditor() {
  return (
    <Suspense
      fallback={
        <section aria-label="Loss spec editor" className="panel">
          <h2>Loss spec</h2>
          <p className="muted">Loading the editor…</p>
        </section>
      }
    >
      <Editor />
    </Suspense>
  );
}
