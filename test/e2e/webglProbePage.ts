// The probe page of bench/browser/webglProbe, built into a temporary folder, served and open in
// a fresh Chromium for one test file: the webgl kernel tests compare backends in it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { build } from 'vite';
import { launchBrowser, repoRoot, startPreview, type BrowserHandle, type PreviewHandle } from './browser';

export interface ProbeInBrowser {
  readonly url: string;
  readonly page: Page;
  /** Once the page defines the global function `name` (a comparison), its answer for `backend`. */
  call<T>(name: string, backend: string): Promise<T>;
}

/** `beforeAll` builds and serves the probe page and launches Chromium; `afterAll` undoes all three. */
export function useWebglProbePage(): ProbeInBrowser {
  const root = path.join(repoRoot, 'bench/browser/webglProbe');
  let outDir = '';
  let server: PreviewHandle | undefined;
  let browser: BrowserHandle | undefined;
  const ready = () => {
    if (!server || !browser) throw new Error('useWebglProbePage: the page is used before its beforeAll has run');
    return { server, browser };
  };
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'glp-webgl-probe-'));
    await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
    server = await startPreview({ root, build: { outDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });
  return {
    get url() {
      return ready().server.url;
    },
    get page() {
      return ready().browser.page;
    },
    async call<T>(name: string, backend: string): Promise<T> {
      const { page } = ready().browser;
      await page.waitForFunction((n) => n in globalThis, name);
      return page.evaluate(([n, b]) => (globalThis as unknown as Record<string, (b: string) => Promise<T>>)[n]!(b), [name, backend] as const);
    },
  };
}
