import type { HistoryStore } from '../../state/historyStore';
import type { ZoomStore } from './cursor';

/**
 * Zooms every chart back out when the history is cleared: a new run starts, another run is
 * opened or deleted. A range chosen on the last run's steps means nothing in the next one (a
 * new run's first steps would be outside it, the charts empty). Returns the unsubscribe.
 */
export function resetZoomOnNewRun(history: HistoryStore, zoom: ZoomStore): () => void {
  return history.subscribe((state, previous) => {
    if (state.series !== previous.series && state.series.size === 0 && zoom.getState() !== null) zoom.setState(null, true);
  });
}
