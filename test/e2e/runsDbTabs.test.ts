// Two tabs of different playground versions on the runs database, in Chromium's real IndexedDB:
// a tab that must wait for an older one says so and goes on once it closes; a tab opening a
// newer version is never left waiting, and the older tab says to reload.
import { expect, onTestFailed, test } from 'vitest';
import { RUNS_DB_NAME, RUNS_DB_VERSION } from '../../src/client/archive/runsDb';
import { useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('an older tab blocks the runs database: the page says so and goes on; a newer tab takes it over: the page says to reload', async () => {
  const { page, context, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  // The other tab: a blank page of the same origin, standing in for an older or newer playground.
  const other = await context.newPage();
  await other.route(`${app.url}other-tab`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>other tab</title>' }));
  await other.goto(`${app.url}other-tab`);
  // An older playground holds version 1 open and never steps aside (no versionchange handler).
  await other.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore('runs', { keyPath: 'id' });
          request.result.createObjectStore('history', { keyPath: ['runId', 'seq'] });
          request.result.createObjectStore('samples', { keyPath: 'runId' });
        };
        request.onsuccess = () => {
          (globalThis as unknown as { older: IDBDatabase }).older = request.result;
          resolve();
        };
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      }),
    RUNS_DB_NAME,
  );

  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('runs-blocked').waitFor({ timeout: 60_000 });
  await other.evaluate(() => (globalThis as unknown as { older: IDBDatabase }).older.close());
  await page.getByTestId('runs-blocked').waitFor({ state: 'detached', timeout: 30_000 });
  // The run list loaded: the page went on by itself.
  await page.evaluate(() => (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller.runs.ready);

  // A newer playground opens a newer version: this tab closes its connection at once.
  const newer = await other.evaluate(
    ({ name, version }) =>
      new Promise<{ blocked: boolean; result: string }>((resolve) => {
        let blocked = false;
        const request = indexedDB.open(name, version);
        request.onblocked = () => (blocked = true);
        request.onsuccess = () => {
          request.result.close();
          resolve({ blocked, result: 'opened' });
        };
        request.onerror = () => resolve({ blocked, result: String(request.error) });
        setTimeout(() => resolve({ blocked, result: 'still waiting after 10 s' }), 10_000);
      }),
    { name: RUNS_DB_NAME, version: RUNS_DB_VERSION + 1 },
  );
  expect(newer).toEqual({ blocked: false, result: 'opened' });
  await expect(page.getByTestId('runs-superseded').textContent({ timeout: 10_000 })).resolves.toMatch(/^Another tab runs a newer version of the playground: reload this tab to keep saving runs/);
  await other.close();
});
