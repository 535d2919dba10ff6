#!/usr/bin/env node
// Runs a TypeScript entry point of src/cli in plain Node:  node src/cli/launch.mjs src/cli/train.ts [args]
//
// Node 20 cannot run TypeScript (type stripping came in Node 22.6), and the sources import
// each other without extensions, as Vite resolves them. So the entry is bundled with rolldown,
// the bundler inside Vite 8 (pinned to the same version, so nothing extra is installed), into
// one ES module whose packages stay imports from node_modules; then that module is imported.
// Bundling the CLI takes a fraction of a second and needs no config file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import nodeModule from 'node:module';
import { build } from 'rolldown';
import { registerNodeHook } from '../../scripts/tfjsForInLoops.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [entryArg] = process.argv.splice(2, 1);
if (!entryArg || !entryArg.endsWith('.ts')) {
  process.stderr.write('usage: node src/cli/launch.mjs <entry.ts> [arguments]\n');
  process.exit(2);
}
const entry = resolve(root, entryArg);
// Inside node_modules, so the bundle's package imports resolve from the project's node_modules.
const outDir = join(root, 'node_modules/.cache/gan-loss-playground/cli');

const { output } = await build({
  input: entry,
  platform: 'node',
  // Relative and absolute imports are our sources; anything else is a package (or node:*).
  external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
  logLevel: 'warn',
  write: false,
  // Lazily imported modules (the optional wasm backend) stay separate chunks, so a missing
  // optional package fails only when it is asked for.
  output: { format: 'esm', sourcemap: 'inline', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
});

// Each file is written under a temporary name and renamed, so two runs starting at once never
// read half a file (chunks are named by content hash; the entry by name, its imports first).
await mkdir(outDir, { recursive: true });
const chunks = output.filter((item) => item.type === 'chunk').sort((a, b) => Number(a.isEntry) - Number(b.isEntry));
for (const chunk of chunks) {
  const file = join(outDir, chunk.fileName);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, chunk.code);
  await rename(temp, file);
}
const entryChunk = chunks.find((chunk) => chunk.isEntry);
if (!entryChunk) throw new Error(`rolldown produced no entry chunk for ${entry}`);
process.setSourceMapsEnabled(true);
// tfjs-core's for-in loops over tensor containers, rewritten as it loads where Node's V8 would
// recompile them without end (Node 24; scripts/tfjsForInLoops.mjs). Node 20 has no such hook, nor needs it.
registerNodeHook(nodeModule);
await import(pathToFileURL(join(outDir, entryChunk.fileName)).href);
