// The page never loads tfjs: the Worker does. The lint rule sees direct imports only; this walks
// everything the page's entry loads (static and lazy imports, .ts and .tsx), as the bundler does.
// The worker is started with `new Worker(new URL(...))`, not imported, so it is not followed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageImports } from '../helpers/importGraph';

describe("the page's code", () => {
  it('reaches no @tensorflow package from src/main.tsx, through any chain of imports', () => {
    const imports = packageImports('src/main.tsx');
    // The walk really covers the page: React, the charts' recharts and the stores' zustand are there.
    const packages = new Set(imports.map((i) => i.specifier));
    for (const expected of ['react', 'react-dom/client', 'recharts', 'zustand']) expect(packages.has(expected), expected).toBe(true);
    const tf = imports.filter((i) => i.specifier.startsWith('@tensorflow'));
    expect(tf.map((i) => i.chain.join(' -> '))).toEqual([]);
  });
});

describe('the page and the worker', () => {
  it('talk only through src/client/trainingClient.ts', () => {
    // Every file outside the worker side (engine, worker) that starts a Worker or posts to one.
    const root = resolve(import.meta.dirname, '../..');
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/^(engine|worker)\//.test(f))
      .filter((f) => /new Worker\(|\.postMessage\(|onmessage\b/.test(readFileSync(join(root, 'src', f), 'utf8')));
    expect(files).toEqual(['client/trainingClient.ts']);
  });
});
