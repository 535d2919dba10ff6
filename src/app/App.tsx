import { lazy, Suspense, useEffect } from 'react';
import type { Playground } from '../client/playground';
import { LossMapsPanel, SamplesView } from '../ui/maps';
import { PanelBoundary } from '../ui/PanelBoundary';
import { RunControls } from '../ui/RunControls';
import { SpecEditor } from '../ui/spec';
import { RunsPanel } from '../ui/runs/RunsPanel';
import { StatusLine } from '../ui/StatusLine';
import { SweepPanel } from '../ui/sweep/SweepPanel';
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
          <PanelBoundary name="run controls">
            <RunControls />
          </PanelBoundary>
          <PanelBoundary name="weights panel">
            <WeightsPanel />
          </PanelBoundary>
          <PanelBoundary name="spec editor">
            <SpecEditor />
          </PanelBoundary>
          <PanelBoundary name="run list">
            <RunsPanel />
          </PanelBoundary>
          <PanelBoundary name="sweep panel">
            <SweepPanel />
          </PanelBoundary>
        </aside>
        <div className="views">
          <div className="panel">
            <PanelBoundary name="charts">
              <Suspense fallback={<p className="muted">Loading charts…</p>}>
                <LossChartsPanel />
              </Suspense>
            </PanelBoundary>
          </div>
          {/* Side by side where there is room: each loss's map beside the input, output and target. */}
          <div className="pictures">
            <div className="panel">
              <PanelBoundary name="samples">
                <SamplesView store={playground.stores.maps} frames={playground.stores.frames} />
              </PanelBoundary>
            </div>
            <div className="panel">
              <PanelBoundary name="loss maps">
                <LossMapsPanel store={playground.stores.maps} />
              </PanelBoundary>
            </div>
          </div>
        </div>
      </main>
    </PlaygroundContext.Provider>
  );
}
