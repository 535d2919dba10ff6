import { lazy, Suspense, useEffect } from 'react';
import type { Playground } from '../client/playground';
import { LossMapsPanel, SamplesView } from '../ui/maps';
import { RunControls } from '../ui/RunControls';
import { SpecEditor } from '../ui/spec';
import { RunsPanel } from '../ui/runs/RunsPanel';
import { StatusLine } from '../ui/StatusLine';
import { PlaygroundContext } from '../ui/usePlayground';
import { WeightsPanel } from '../ui/WeightsPanel';
import './app.css';

// recharts is most of the page's weight: the charts load in their own chunk.
const LossChartsPanel = lazy(() => import('../ui/LossChartsPanel').then((m) => ({ default: m.LossChartsPanel })));

/** The page: status on top; run controls, weights, the spec editor and the run list on the left; charts, maps and samples on the right. */
export function App({ playground }: { playground: Playground }) {
  useEffect(() => playground.connect(), [playground]);
  return (
    <PlaygroundContext.Provider value={playground}>
      <header>
        <h1>GAN Loss Playground</h1>
        <StatusLine />
      </header>
      <main className="layout">
        <aside className="sidebar">
          <RunControls />
          <WeightsPanel />
          <SpecEditor />
          <RunsPanel />
        </aside>
        <div className="views">
          <div className="panel">
            <Suspense fallback={<p className="muted">Loading charts…</p>}>
              <LossChartsPanel />
            </Suspense>
          </div>
          <div className="panel">
            <SamplesView store={playground.stores.maps} />
          </div>
          <div className="panel">
            <LossMapsPanel store={playground.stores.maps} />
          </div>
        </div>
      </main>
    </PlaygroundContext.Provider>
  );
}
