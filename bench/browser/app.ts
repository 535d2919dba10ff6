// The built app in headless Chromium, as the e2e tests drive it (test/e2e/browser.ts), but
// built into its own folder so a benchmark never races a test's `vite build` over dist/.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumPath } from '../../test/e2e/browser';

const root = process.cwd();
const outDir = path.join(root, 'node_modules/.cache/gan-loss-playground/bench-dist');

export interface App {
  readonly url: string;
  close(): Promise<void>;
}

/** `vite build` of the current sources into the cache, then `vite preview` of it on a free port. */
export async function buildAndServe(): Promise<App> {
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

export interface BrowserSession {
  readonly page: Page;
  readonly version: string;
  /** Console errors and page errors, for notes on failures. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** A fresh Chromium (fresh profile, so no shader cache from an earlier run) on the app's page. */
export async function openApp(url: string): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'glp-bench-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...(process.env.CHROMIUM_EXTRA ? process.env.CHROMIUM_EXTRA.split('|') : [])] });
  const browser: Browser | null = context.browser();
  const page = context.pages()[0] ?? (await context.newPage());
  const logs: string[] = [];
  page.on('console', (msg) => {
    // ECHO_CONSOLE=1: every console message of the page and its workers, as it comes.
    if (process.env.ECHO_CONSOLE) console.log(`[${msg.worker() ? 'worker ' : ''}console.${msg.type()}] ${msg.text()}`);
    if (msg.type() === 'error') logs.push(`[${msg.worker() ? 'worker ' : ''}console.error] ${msg.text()}`);
  });
  page.on('pageerror', (error) => logs.push(`[pageerror] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'playground' in globalThis, undefined, { timeout: 60_000 });
  return {
    page,
    version: browser?.version() ?? (await page.evaluate(() => navigator.userAgent)),
    logs,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The WebGL renderer string the page sees (SwiftShader without a GPU). */
export async function webglRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL2';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
}
