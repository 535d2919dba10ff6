import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../src/state/historyStore';
import { createZoomStore } from '../../../src/ui/charts/cursor';
import { resetZoomOnNewRun } from '../../../src/ui/charts/zoomReset';
import { batch } from '../../client/historyFixtures';

describe('resetZoomOnNewRun', () => {
  it('zooms back out when the history is cleared (a new run), not while values arrive', () => {
    const history = createHistoryStore();
    const zoom = createZoomStore();
    const stop = resetZoomOnNewRun(history, zoom);
    history.getState().append(batch(['G'], [[0, 0, 1, 1, 1, 0], [0, 1, 1, 1, 1, 1]]));
    zoom.setState({ axis: 'step', range: [0, 1] }, true);
    history.getState().append(batch(['G'], [[0, 2, 1, 1, 1, 2]]));
    history.getState().mark({ name: 'G', step: 2, weight: 0.5 });
    expect(zoom.getState()).toEqual({ axis: 'step', range: [0, 1] });
    history.getState().reset();
    expect(zoom.getState()).toBeNull();
    // Unsubscribed: no longer follows.
    stop();
    zoom.setState({ axis: 'step', range: [0, 1] }, true);
    history.getState().append(batch(['G'], [[0, 0, 1, 1, 1, 0]]));
    history.getState().reset();
    expect(zoom.getState()).not.toBeNull();
  });
});
