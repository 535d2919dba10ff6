import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_COMMAND, chromiumPlan, depsProblem } from '../../scripts/ensure-setup.mjs';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/ensure-setup.mjs');

const lock = {
  packages: {
    '': { version: '0.1.0' },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
  },
};
const installed = { packages: { 'node_modules/a': { version: '1.0.0' }, 'node_modules/a/node_modules/b': { version: '2.0.0' } } };

describe('ensure-setup: node_modules against package-lock.json', () => {
  it('matches when every package is installed at its version; optional ones may be missing', () => {
    expect(depsProblem(lock, installed)).toBeNull();
    expect(depsProblem(lock, { packages: { ...installed.packages, 'node_modules/fsevents': { version: '2.3.3' } } })).toBeNull();
  });

  it('says why it does not', () => {
    expect(depsProblem(lock, null)).toBe('node_modules is missing (or npm did not install it)');
    expect(depsProblem(lock, { packages: { 'node_modules/a': { version: '1.0.0' } } })).toBe('b 2.0.0 is not installed');
    expect(depsProblem(lock, { packages: { ...installed.packages, 'node_modules/a': { version: '0.9.0' } } })).toBe('a is 0.9.0, package-lock.json has 1.0.0');
    expect(depsProblem(lock, { packages: { ...installed.packages, 'node_modules/c': { version: '1.0.0' } } })).toBe('c is installed but not in package-lock.json');
    expect(depsProblem(lock, { packages: { ...installed.packages, 'node_modules/fsevents': { version: '2.0.0' } } })).toBe('fsevents is 2.0.0, package-lock.json has 2.3.3');
    // npm's record says installed, but the folder was deleted.
    expect(depsProblem(lock, installed, (path) => path !== 'node_modules/a/node_modules/b')).toBe('b is missing from node_modules/a/node_modules');
  });

  it("this checkout's node_modules matches its package-lock.json", () => {
    const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
    expect(depsProblem(read('package-lock.json'), read('node_modules/.package-lock.json'))).toBeNull();
  });
});

describe('ensure-setup: Chromium', () => {
  const machine = { exists: (path: string) => path === '/usr/bin/chromium', isRoot: false, canSudo: () => false, hasAptGet: true };
  const apt = [
    ['apt-get', 'update'],
    ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'chromium'],
  ];

  it('does nothing when Debian\'s Chromium or CHROMIUM_PATH is there', () => {
    expect(chromiumPlan(machine)).toEqual({ action: 'none', path: '/usr/bin/chromium' });
    expect(chromiumPlan({ ...machine, envPath: '/opt/chrome', exists: (p) => p === '/opt/chrome' })).toEqual({ action: 'none', path: '/opt/chrome' });
  });

  it('installs it with apt-get as root, or with sudo when sudo needs no password', () => {
    const missing = { ...machine, exists: () => false };
    expect(chromiumPlan({ ...missing, isRoot: true })).toEqual({ action: 'install', sudo: false, commands: apt });
    expect(chromiumPlan({ ...missing, canSudo: () => true })).toEqual({ action: 'install', sudo: true, commands: apt });
  });

  it('otherwise stops, saying the one command to run', () => {
    const missing = { ...machine, exists: () => false };
    expect(chromiumPlan(missing)).toEqual({
      action: 'stop',
      message: `Chromium is missing (/usr/bin/chromium); the browser tests drive Debian's package. Run this once, then the tests again:\n  ${CHROMIUM_COMMAND}`,
    });
    expect(chromiumPlan({ ...missing, isRoot: true, hasAptGet: false })).toMatchObject({ action: 'stop', message: expect.stringContaining('no apt-get') });
    // A CHROMIUM_PATH that is wrong is the user's choice gone wrong: never install over it.
    expect(chromiumPlan({ ...missing, isRoot: true, envPath: '/opt/nope' })).toMatchObject({ action: 'stop', message: expect.stringMatching(/^CHROMIUM_PATH is \/opt\/nope, which is not/) });
  });
});

describe('scripts/ensure-setup.mjs as npm test runs it', () => {
  const runScript = (args: string[], env: Record<string, string | undefined> = {}) => {
    const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('says nothing and exits 0 when everything is there', () => {
    expect(runScript([], { CHROMIUM_PATH: process.execPath })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('with no node_modules: npm ci (dry run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ensure-setup-'));
    copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
    const result = runScript(['--deps', '--root', dir, '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^ensure-setup: node_modules is missing .*\nensure-setup: would run: \S+ (\S+ )?ci --no-audit --no-fund\n$/);
  });

  it('a missing CHROMIUM_PATH: exit 1 and one line saying so', () => {
    const result = runScript(['--chromium'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ensure-setup: CHROMIUM_PATH is \/nonexistent\/chromium, which is not an executable file: .*\n$/);
  });

  // Debian's path itself cannot be removed on a shared machine: a fake default stands in for it.
  it.runIf(process.getuid?.() === 0)('as root with Chromium missing: apt-get (dry run)', () => {
    const result = runScript(['--chromium', '--default-chromium', '/nonexistent/chromium', '--dry-run'], { CHROMIUM_PATH: '' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 0,
      stderr: [
        "ensure-setup: /nonexistent/chromium is missing: installing Debian's chromium",
        'ensure-setup: would run: apt-get update',
        'ensure-setup: would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
        '',
      ].join('\n'),
    });
  });
});
