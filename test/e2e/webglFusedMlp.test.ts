// fusedMlp's webgl form against its plain form, on Chromium's webgl (SwiftShader without a
// GPU): the toy G and D at GAN Lab's size (batch 150, 2 hidden layers of 8 ReLU), outputs and
// every gradient, through the probe page of bench/browser/webglProbe (built here).
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { launchBrowser, repoRoot, type BrowserHandle } from './browser';
import type { FusedDifference } from '../../bench/browser/webglProbe/compareFused';

let server: PreviewServer | undefined;
let browser: BrowserHandle | undefined;
let outDir = '';

beforeAll(async () => {
  const root = path.join(repoRoot, 'bench/browser/webglProbe');
  outDir = await mkdtemp(path.join(tmpdir(), 'glp-webgl-probe-'));
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
  server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.httpServer.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('fusedMlp on webgl', () => {
  it('gives the plain kernels\u2019 outputs and gradients within float rounding (relative 1e-5 of each tensor\u2019s largest value)', async () => {
    const { port } = server!.httpServer.address() as AddressInfo;
    const page = browser!.page;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'compareFused' in globalThis);
    const results = await page.evaluate(() => (globalThis as unknown as { compareFused: (b: string) => Promise<FusedDifference[]> }).compareFused('webgl'));
    expect(results.map((r) => [r.backend, r.network])).toEqual([
      ['webgl', 'G'],
      ['webgl', 'D'],
    ]);
    for (const r of results) expect(r.worst, `${r.network}: ${r.where}`).toBeLessThan(1e-5);
  });
});
