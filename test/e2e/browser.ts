// Helpers for the real-browser tests: serve the built `dist/` with `vite preview` and drive
// Debian's Chromium through playwright-core (which never downloads a browser of its own).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mergeConfig, preview, type InlineConfig } from 'vite';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const outputDir = path.join(repoRoot, 'test-output/e2e');

/** Debian's package; `npm test` (scripts/ensure-setup.mjs) and `.ci/run` install it when missing. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox', // we run as root in containers, where the sandbox cannot start
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGPU is behind this flag on Linux; without a GPU Chromium falls back to SwiftShader.
  '--enable-unsafe-webgpu',
];

export interface PreviewHandle {
  url: string;
  close: () => Promise<void>;
}

/** Serves `dist/` (run `vite build` first) on a free localhost port; `config` adds headers, plugins... */
export async function startPreview(config: InlineConfig = {}): Promise<PreviewHandle> {
  const base: InlineConfig = {
    root: repoRoot,
    logLevel: 'warn',
    // Port 0: the OS picks a free port, so parallel runs and a developer's `npm start` don't clash.
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  };
  const server = await preview(mergeConfig(base, config));
  const { port } = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

export interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  /** Console errors/warnings, page errors and failed requests, for readable failures. */
  logs: string[];
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh profile (removed on close) and opens one page. */
export async function launchBrowser(): Promise<BrowserHandle> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'glp-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs: string[] = [];
  // Worker console messages arrive here too (msg.worker() is set for them).
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      logs.push(`[${msg.worker() ? 'worker ' : ''}console.${msg.type()}] ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => logs.push(`[pageerror] ${error.stack ?? error.message}`));
  page.on('requestfailed', (req) => logs.push(`[requestfailed] ${req.url()} ${req.failure()?.errorText ?? ''}`));
  // A page that stops answering (a test waits 30 s on a locator with no "resolved" line) has
  // either crashed or is busy: say which, with the time, for the failure's log.
  page.on('crash', () => logs.push(`[crash] the page's renderer crashed at ${new Date().toISOString()}`));
  context.on('close', () => logs.push(`[close] the browser context closed at ${new Date().toISOString()}`));

  return {
    context,
    page,
    logs,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What a loss chart draws (its SeriesLayer's data attributes): points in its paths, the x axis's
 * end (the last step on a step axis) and the first path's length; null before it draws.
 */
export function drawnChart(page: Page, title: string): Promise<{ points: number; xEnd: number; pathLength: number } | null> {
  return page.evaluate((t) => {
    const g = [...document.querySelectorAll('figure')].find((f) => f.getAttribute('aria-label') === t)?.querySelector('g.series');
    const d = g?.querySelector('path')?.getAttribute('d') ?? '';
    return g ? { points: Number(g.getAttribute('data-points')), xEnd: Number(g.getAttribute('data-x-end')), pathLength: d.length } : null;
  }, title);
}

/** A history series' (step, value) pairs, from the page's history store (the debug hook). */
export function historySeries(page: Page, name: string): Promise<(readonly [number, number])[]> {
  return page.evaluate((n) => {
    const { stores } = (globalThis as unknown as { playground: { controller: import('../../src/client/playground').Playground } }).playground.controller;
    const s = stores.history.getState().series.get(n);
    return s ? Array.from(s.step.subarray(0, s.length), (step, i) => [step, s.value[i]!] as const) : [];
  }, name);
}

/** The built app served and open in a fresh Chromium, for one test file. */
export interface AppInBrowser extends BrowserHandle {
  readonly url: string;
}

/**
 * A test file's app and browser: `beforeAll` serves `dist/` (`serve` merged into the preview
 * server's config), launches Chromium, makes the screenshot folder and runs `setup`; `afterAll`
 * closes both. Use the returned handle inside tests and hooks (before its beforeAll has run it
 * throws, saying so).
 */
export function useAppInBrowser(setup?: (app: AppInBrowser) => Promise<void> | void, serve: InlineConfig = {}): AppInBrowser {
  let server: PreviewHandle | undefined;
  let browser: BrowserHandle | undefined;
  const ready = (): { server: PreviewHandle; browser: BrowserHandle } => {
    if (!server || !browser) throw new Error('useAppInBrowser: the app is used before its beforeAll has run');
    return { server, browser };
  };
  const app: AppInBrowser = {
    get url() {
      return ready().server.url;
    },
    get context() {
      return ready().browser.context;
    },
    get page() {
      return ready().browser.page;
    },
    get logs() {
      return ready().browser.logs;
    },
    close: async () => {
      await browser?.close();
      await server?.close();
    },
  };
  beforeAll(async () => {
    server = await startPreview(serve);
    browser = await launchBrowser();
    await mkdir(outputDir, { recursive: true });
    await setup?.(app);
  });
  afterAll(() => app.close());
  return app;
}
