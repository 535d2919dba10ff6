// The whole browser stack in one check: built app -> module worker -> tfjs on WebGPU -> page.
import path from 'node:path';
import type { Request, Response } from 'playwright-core';
import { expect, onTestFailed, test } from 'vitest';
import { outputDir, useAppInBrowser } from './browser';

const app = useAppInBrowser();

test('the page shows the backend its training worker started: webgpu', async () => {
  const { page, logs } = app;
  onTestFailed(() => {
    console.error(`Browser logs (${logs.length}):\n${logs.join('\n') || '(none)'}`);
  });

  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('GAN Loss Playground');

  // The worker probes the backends as it starts (SwiftShader's first WebGPU use takes seconds).
  const result = page.locator('[data-testid=backend-name], [data-testid=run-error]');
  await result.first().waitFor({ timeout: 120_000 });
  await page.screenshot({ path: path.join(outputDir, 'smoke.png') });
  const shown = result.first();
  expect({ testId: await shown.getAttribute('data-testid'), text: await shown.textContent() }).toEqual({
    testId: 'backend-name',
    text: 'webgpu',
  });
});

test('the icon and the web app manifest (public/) load: no failed request', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error(logs.join('\n')));
  const failed: string[] = [];
  const onResponse = (response: Response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  };
  const onFailed = (request: Request) => failed.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  try {
    await page.goto(app.url);
    // Headless Chromium fetches neither the icon nor the manifest by itself: fetch what the page
    // links to, and the icons the manifest names (relative to the manifest), as a browser would.
    const fetched = await page.evaluate(async () => {
      const get = async (url: string) => {
        const response = await fetch(url);
        return { url: new URL(url, location.href).pathname, status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      const href = (rel: string) => document.querySelector<HTMLLinkElement>(`link[rel=${rel}]`)?.href ?? `no link rel=${rel}`;
      const icon = await get(href('icon'));
      const manifest = await get(href('manifest'));
      const { name, icons } = JSON.parse(manifest.text) as { name: string; icons: { src: string }[] };
      const manifestIcons = await Promise.all(icons.map((i) => get(new URL(i.src, new URL(href('manifest'))).href)));
      return { icon: { ...icon, text: icon.text.slice(0, 5) }, manifest: { ...manifest, text: name }, manifestIcons: manifestIcons.map((i) => ({ ...i, text: i.text.slice(0, 5) })) };
    });
    const svg = { url: '/icon.svg', status: 200, type: 'image/svg+xml', text: '<svg ' };
    expect(fetched).toEqual({
      icon: svg,
      manifest: { url: '/manifest.webmanifest', status: 200, type: expect.stringMatching(/^application\/manifest\+json/), text: 'GAN Loss Playground' },
      manifestIcons: [svg],
    });
    expect(failed).toEqual([]);
    expect(logs.filter((line) => /manifest|icon/i.test(line))).toEqual([]);
  } finally {
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
});

test('a panel that fails to load says so in its place; the rest of the page works', async () => {
  const { page, context } = app;
  // The charts' chunk (recharts) cannot be fetched, as on a flaky connection after a deploy.
  const block = '**/assets/LossChartsPanel-*.js';
  await context.route(block, (route) => route.abort());
  try {
    await page.goto(app.url);
    const alert = page.getByRole('alert').filter({ hasText: 'The charts stopped working' });
    await alert.waitFor({ timeout: 60_000 });
    await expect(alert.textContent()).resolves.toMatch(/reload the page/);
    await page.screenshot({ path: path.join(outputDir, 'smoke-charts-failed.png') });
    // Not a blank page: the controls and the other panels are there.
    await expect(page.getByRole('button', { name: /^(Start|Restart)$/ }).isEnabled()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Loss maps' }).isVisible()).resolves.toBe(true);
  } finally {
    await context.unroute(block);
  }
});
