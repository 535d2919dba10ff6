import { describe, expect, it } from 'vitest';
import { builtinSpec } from '../../../src/manager/builtinSpecs';
import { specToMMagicConfig } from '../../../src/manager/pythonConfig';
import { readSpecFile, specFileName, specJsonFile, specPythonFile } from '../../../src/ui/spec/specFiles';

describe('spec files', () => {
  it("names files after the spec's name", () => {
    expect(specFileName({ name: 'pix2pix/basic' }, 'json')).toBe('pix2pix-basic.json');
    expect(specFileName({ name: 'my spec!' }, 'py')).toBe('my-spec.py');
    expect(specFileName({}, 'json')).toBe('loss-spec.json');
    expect(specFileName(null, 'json')).toBe('loss-spec.json');
    expect(specFileName({ name: '../..' }, 'json')).toBe('loss-spec.json');
  });

  it('exports the draft as JSON that imports back the same', () => {
    const spec = builtinSpec('hinge-r1');
    const file = specJsonFile(spec);
    expect(file).toMatchObject({ fileName: 'hinge-r1.json', mimeType: 'application/json' });
    expect(readSpecFile(file.text)).toEqual({ ok: true, value: spec });
    expect(readSpecFile(`\uFEFF${file.text}`)).toEqual({ ok: true, value: spec });
  });

  it('exports a valid spec as an MMagic config', () => {
    const spec = builtinSpec('wgan-gp');
    expect(specPythonFile(spec)).toEqual({ fileName: 'wgan-gp.py', mimeType: 'text/x-python', text: specToMMagicConfig(spec) });
  });

  it('reports an imported file that is not JSON with its line and column', () => {
    expect(readSpecFile('{\n  "losses": [,]\n}')).toMatchObject({ ok: false, line: 2, column: 14 });
  });
});
