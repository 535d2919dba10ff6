// The built app under a strict Content-Security-Policy: scripts from the app's own origin only,
// WebAssembly allowed, no eval. A toy run trains on wasm and the spec editor validates (zod)
// without one violation, in the page or in the worker.
import path from 'node:path';
import type { Worker } from 'playwright-core';
import type { Plugin } from 'vite';
import { expect, onTestFailed, test } from 'vitest';
import { outputDir, useAppInBrowser } from './browser';

const POLICY = "script-src 'self' 'wasm-unsafe-eval'";

/** Violation reports the browser posts (report-uri: from the page and the worker alike). */
const reports: string[] = [];
const collectReports: Plugin = {
  name: 'csp-reports',
  configurePreviewServer(server) {
    server.middlewares.use('/csp-report', (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        reports.push(body);
        res.statusCode = 204;
        res.end();
      });
    });
  },
};

/** Console lines from the page and its worker that mention the policy, and DevTools' CSP issues. */
const consoleLines: string[] = [];
const issues: string[] = [];
const workers: Worker[] = [];

type Violations = { violations?: string[] };
// In the page before any of its scripts, and in the worker as soon as it is seen (the worker's
// first lines run before that: the reports and the console cover them).
const listen = () => {
  const scope = globalThis as typeof globalThis & Violations;
  scope.violations = [];
  scope.addEventListener('securitypolicyviolation', (event) => {
    const e = event as SecurityPolicyViolationEvent;
    scope.violations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
};

const app = useAppInBrowser(
  async ({ page, context }) => {
    await context.addInitScript(listen);
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) consoleLines.push(`[${msg.worker() ? 'worker ' : ''}${msg.type()}] ${msg.text()}`);
    });
    // Chromium reports a violation to DevTools as an issue, not as a console message (only code
    // that logs the error it caught prints the policy's name to the console).
    const cdp = await context.newCDPSession(page);
    cdp.on('Audits.issueAdded', ({ issue }) => {
      if (issue.code === 'ContentSecurityPolicyIssue') issues.push(JSON.stringify(issue.details.contentSecurityPolicyIssueDetails));
    });
    await cdp.send('Audits.enable');
    // The training worker only: the wasm backend's pthread workers (threaded binary) block in
    // their thread loop, where an evaluate never returns; the reports and DevTools' issues
    // cover them.
    page.on('worker', (worker) => {
      if (!/training\.worker-.*\.js$/.test(worker.url())) return;
      workers.push(worker);
      void worker.evaluate(listen).catch(() => {});
    });
  },
  // On every response: the page, its chunks and the worker's script (a worker has its own policy).
  { preview: { headers: { 'Content-Security-Policy': `${POLICY}; report-uri /csp-report` } }, plugins: [collectReports] },
);

/** Everything seen so far, in the page, its newest worker, the reports, the console and DevTools. */
async function seen() {
  const read = () => (globalThis as Violations).violations ?? ['no listener'];
  const worker = workers.at(-1);
  return {
    inPage: await app.page.evaluate(read),
    inWorker: worker ? await worker.evaluate(read) : ['no worker'],
    reports: [...reports],
    consoleLines: [...consoleLines],
    issues: [...issues],
  };
}
const none = { inPage: [], inWorker: [], reports: [], consoleLines: [], issues: [] };

/** Opens the page on `backend` and trains the toy GAN (the page's default) to `steps`, then pauses. */
async function trainToy(backend: string, steps: number, beforeStart?: () => Promise<void>) {
  const { page } = app;
  const workerPolicy = page.waitForResponse((r) => /training\.worker-.*\.js$/.test(r.url()), { timeout: 60_000 }).then((r) => r.headers()['content-security-policy']);
  // wasm on 2 threads: the threaded binary, its pthread workers and their scripts, under the policy.
  const response = await page.goto(`${app.url}?backend=${backend}${backend === 'wasm' ? '&threads=2' : ''}`);
  expect(response?.headers()['content-security-policy']).toContain(POLICY);
  expect(await workerPolicy).toContain(POLICY);
  await beforeStart?.();
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=step]')?.textContent ?? 0) >= n, steps, { timeout: 120_000 });
  await expect(page.getByTestId('backend-name').textContent()).resolves.toBe(backend);
  // force: the test is about the policy, not the button; on a loaded 2-core machine the status
  // line above it changes while training, and Playwright's wait for a stable box has run out.
  await page.getByRole('button', { name: 'Pause' }).click({ force: true });
  await page.getByText('Paused', { exact: true }).waitFor({ timeout: 30_000 });
}

test('no CSP violation while the spec editor validates and a toy run trains on wasm', async () => {
  const { page, logs } = app;
  onTestFailed(() => console.error([...logs, ...consoleLines, ...issues, ...reports].join('\n')));
  await trainToy('wasm', 20, async () => {
    // The spec editor checks a draft on each edit (zod under the catalog and the schedules).
    const editor = page.getByRole('region', { name: 'Loss spec editor' });
    await editor.getByRole('button', { name: 'Edit G_GAN' }).waitFor({ timeout: 60_000 });
    await editor.getByRole('button', { name: 'Edit G_GAN' }).click();
    const weight = editor.getByLabel('loss_weight of G_GAN');
    await weight.fill('-1');
    await editor.getByText('1 problem: fix to apply').waitFor({ timeout: 10_000 });
    await weight.fill('0.5');
    await editor.getByLabel('Schedule of G_GAN').selectOption('linear');
    await editor.getByRole('button', { name: /^Apply/ }).click();
  });
  await page.screenshot({ path: path.join(outputDir, 'csp.png') });
  expect(await seen()).toEqual(none);
  // The page is cross-origin isolated (vite.config.ts): that was the threaded binary.
  const line = await page.getByTestId('backend-name').evaluate((el) => el.parentElement?.textContent ?? '');
  expect(line).toContain('threaded SIMD, 2 threads');
});

// tfjs's other backends compile shaders (WGSL, GLSL), never JavaScript: checked, not assumed.
test('no CSP violation on webgpu and webgl either', async () => {
  onTestFailed(() => console.error([...app.logs, ...consoleLines, ...issues, ...reports].join('\n')));
  for (const backend of ['webgpu', 'webgl']) {
    await trainToy(backend, 3);
    expect({ backend, ...(await seen()) }).toEqual({ backend, ...none });
  }
});

test('the check sees a violation: an eval in the page and in the worker is refused and reported', async () => {
  const { page } = app;
  await page.goto(`${app.url}?backend=wasm`);
  await page.getByTestId('backend-name').waitFor({ timeout: 120_000 });
  const worker = workers.at(-1)!;
  const before = { reports: reports.length, issues: issues.length };
  // From a task of their own: code that DevTools evaluates may eval under any policy.
  const tryEval = () =>
    new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          resolve(new Function('return "allowed"')() as string);
        } catch {
          resolve('refused');
        }
      }),
    );
  expect(await page.evaluate(tryEval)).toBe('refused');
  expect(await worker.evaluate(tryEval)).toBe('refused');
  await expect.poll(() => reports.length - before.reports, { timeout: 10_000 }).toBe(2);
  const after = await seen();
  expect({ inPage: after.inPage.length, inWorker: after.inWorker.length }).toEqual({ inPage: 1, inWorker: 1 });
  // DevTools' issues on the page's session are the page's own (the worker's go to its target).
  await expect.poll(() => issues.length - before.issues).toBe(1);
});
