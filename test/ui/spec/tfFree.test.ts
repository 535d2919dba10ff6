// The spec editor runs on the page, which never loads tfjs: every module it imports, and
// every module those import, must be free of @tensorflow (the lint rule sees only direct imports).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageImports } from '../../helpers/importGraph';

const ROOT = resolve(import.meta.dirname, '../../..');
const SPEC_DIR = join(ROOT, 'src/ui/spec');

/**
 * The .ts modules of the editor and those its components import (the graph walker reads .ts,
 * not .tsx or .css; index.tsx only lazy-loads the editor).
 */
function entries(): string[] {
  const files = readdirSync(SPEC_DIR).filter((f) => /\.tsx?$/.test(f) && f !== 'index.tsx');
  const found = new Set<string>();
  for (const file of files) {
    if (file.endsWith('.ts')) found.add(relative(ROOT, join(SPEC_DIR, file)));
    const source = readFileSync(join(SPEC_DIR, file), 'utf8');
    for (const [, specifier] of source.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';$/gm)) {
      if (specifier!.endsWith('.css')) continue;
      const target = resolve(dirname(join(SPEC_DIR, file)), specifier!);
      const ts = `${target}.ts`;
      if (readdirSync(dirname(ts)).includes(`${target.split('/').pop()}.ts`)) found.add(relative(ROOT, ts));
    }
  }
  return [...found].sort();
}

describe('the spec editor loads no tfjs', () => {
  it('reaches the catalog, the manager files and the presets without @tensorflow', () => {
    const modules = entries();
    expect(modules).toEqual(expect.arrayContaining(['src/losses/catalog.ts', 'src/manager/builtinSpecs.ts', 'src/ui/spec/issues.ts', 'src/ui/spec/specFiles.ts']));
    for (const entry of modules) {
      const tf = packageImports(entry).filter((i) => i.specifier.startsWith('@tensorflow'));
      expect(tf, `${entry}: ${tf.map((i) => i.chain.join(' -> ')).join('; ')}`).toEqual([]);
    }
  });
});
