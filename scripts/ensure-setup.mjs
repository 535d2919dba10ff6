#!/usr/bin/env node
// What `npm test` needs before it tests, so that it works alone on a fresh clone: the npm
// packages of package-lock.json (`npm ci` when node_modules is missing or does not match it) and,
// for the browser tests, Debian's Chromium (apt-get when root or with password-less sudo; else it
// stops and says the one command to run). Silent when everything is there.
// No dependencies: it runs before node_modules exists.
//
// Usage: node scripts/ensure-setup.mjs [--deps] [--chromium]   (neither: both)
//   --dry-run                 say what would be run, run nothing (exit 0)
//   --root DIR                the project folder (default: this script's parent)
//   --default-chromium PATH   where Debian's Chromium should be (default /usr/bin/chromium; tests)
// CHROMIUM_PATH, when set, is the browser the tests use (test/e2e/browser.ts): it is checked, never installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const NPM_CI = ['ci', '--no-audit', '--no-fund'];
const APT_INSTALL = [
  ['apt-get', 'update'],
  ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'chromium'],
];
/** The one command a person without root runs. */
export const CHROMIUM_COMMAND = "sudo sh -c 'apt-get update && apt-get install -y chromium'";

const packageName = (path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/**
 * Why node_modules does not match package-lock.json, or null when it does. `installed` is npm's
 * record of what it installed (node_modules/.package-lock.json), null when there is none;
 * `present(path)` says whether a package's folder is there (someone may have deleted one).
 * Optional packages may be missing (other platforms' binaries); nothing else may.
 */
export function depsProblem(lock, installed, present = () => true) {
  if (!installed) return 'node_modules is missing (or npm did not install it)';
  const want = lock.packages ?? {};
  const have = installed.packages ?? {};
  for (const [path, entry] of Object.entries(want)) {
    if (!path.startsWith('node_modules/')) continue; // the project itself
    const got = Object.hasOwn(have, path) ? have[path] : undefined;
    if (!got) {
      if (entry.optional || entry.devOptional) continue;
      return `${packageName(path)} ${entry.version} is not installed`;
    }
    if (got.version !== entry.version) return `${packageName(path)} is ${got.version}, package-lock.json has ${entry.version}`;
    if (!present(path)) return `${packageName(path)} is missing from ${dirname(path)}`;
  }
  for (const path of Object.keys(have)) {
    if (!Object.hasOwn(want, path)) return `${packageName(path)} is installed but not in package-lock.json`;
  }
  return null;
}

/**
 * What to do about Chromium: nothing, install it (`commands`, each prefixed with sudo -n where
 * `sudo`), or stop with `message`. Only Debian's default path is ever installed.
 * @param {{ envPath?: string, defaultPath?: string, exists: (path: string) => boolean, isRoot: boolean, canSudo: () => boolean, hasAptGet: boolean }} machine
 */
export function chromiumPlan({ envPath, defaultPath = DEFAULT_CHROMIUM, exists, isRoot, canSudo, hasAptGet }) {
  if (envPath) {
    if (exists(envPath)) return { action: 'none', path: envPath };
    return { action: 'stop', message: `CHROMIUM_PATH is ${envPath}, which is not an executable file: point it at a Chromium binary, or unset it to use Debian's (${defaultPath})` };
  }
  if (exists(defaultPath)) return { action: 'none', path: defaultPath };
  const missing = `Chromium is missing (${defaultPath}); the browser tests drive Debian's package`;
  if (!hasAptGet) return { action: 'stop', message: `${missing}, and this machine has no apt-get: install Chromium and run the tests with CHROMIUM_PATH=/path/to/chromium` };
  if (isRoot) return { action: 'install', sudo: false, commands: APT_INSTALL };
  if (canSudo()) return { action: 'install', sudo: true, commands: APT_INSTALL };
  return { action: 'stop', message: `${missing}. Run this once, then the tests again:\n  ${CHROMIUM_COMMAND}` };
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, name)));

/** The file's JSON; null when it is missing (or, `lenient`, unreadable). */
function readJson(path, lenient = false) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT' || lenient) return null;
    throw new Error(`${path}: ${error.message}`, { cause: error });
  }
}

/** Runs a command with the terminal's output; false when it fails. */
function run(command, args, dryRun) {
  console.error(`ensure-setup: ${dryRun ? 'would run' : 'running'}: ${[command, ...args].join(' ')}`);
  if (dryRun) return true;
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) console.error(`ensure-setup: ${command}: ${result.error.message}`);
  return result.status === 0;
}

function ensureDeps(root, dryRun) {
  const lock = readJson(join(root, 'package-lock.json'));
  if (!lock) throw new Error(`${join(root, 'package-lock.json')} is missing: run \`npm install\` in ${root}`);
  const problem = () => depsProblem(lock, readJson(join(root, 'node_modules/.package-lock.json'), true), (path) => existsSync(join(root, path, 'package.json')));
  const why = problem();
  if (!why) return;
  console.error(`ensure-setup: ${why}: installing the packages of package-lock.json`);
  // The npm that runs this script (npm test) when there is one, else the one on PATH.
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, ...NPM_CI]] : ['npm', NPM_CI];
  if (!run(npm[0], npm[1], dryRun)) throw new Error(`npm ci failed in ${root} (its output is above)`);
  const still = dryRun ? null : problem();
  if (still) throw new Error(`after npm ci, node_modules still differs from package-lock.json: ${still}`);
}

function ensureChromium(defaultPath, dryRun) {
  const plan = chromiumPlan({
    envPath: process.env.CHROMIUM_PATH,
    defaultPath,
    exists: isExecutable,
    isRoot: process.getuid?.() === 0,
    canSudo: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    hasAptGet: onPath('apt-get'),
  });
  if (plan.action === 'none') return;
  if (plan.action === 'stop') throw new Error(plan.message);
  console.error(`ensure-setup: ${defaultPath} is missing: installing Debian's chromium`);
  for (const [command, ...args] of plan.commands) {
    const ok = plan.sudo ? run('sudo', ['-n', command, ...args], dryRun) : run(command, args, dryRun);
    if (!ok) throw new Error(`installing chromium failed (the output is above); try: ${CHROMIUM_COMMAND}`);
  }
  if (!dryRun && !isExecutable(defaultPath)) throw new Error(`apt-get installed chromium, but ${defaultPath} is still missing`);
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      deps: { type: 'boolean', default: false },
      chromium: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      root: { type: 'string' },
      'default-chromium': { type: 'string', default: DEFAULT_CHROMIUM },
    },
  });
  const both = !values.deps && !values.chromium;
  const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (values.deps || both) ensureDeps(root, values['dry-run']);
  if (values.chromium || both) ensureChromium(values['default-chromium'], values['dry-run']);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`ensure-setup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
