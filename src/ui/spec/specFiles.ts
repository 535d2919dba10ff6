import { saveFile } from '../runs/download';
// Spec files: what the export buttons name and write, and what an imported file gives.
import { specToMMagicConfig } from '../../manager/pythonConfig';
import type { LossSpec } from '../../manager/specValidation';
import { parseJsonText, prettyJson, type JsonText } from './jsonText';

export interface TextFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

/** `pix2pix/basic` -> `pix2pix-basic.json`: the spec's name as a file name, `loss-spec` without one. */
export function specFileName(spec: unknown, extension: 'json' | 'py'): string {
  const name = (spec as { name?: unknown } | null)?.name;
  const base = typeof name === 'string' ? name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+|-+$/g, '') : '';
  return `${base === '' ? 'loss-spec' : base}.${extension}`;
}

/** The draft as a .json file, as it is (an invalid draft too: it can be fixed elsewhere). */
export function specJsonFile(draft: unknown): TextFile {
  return { fileName: specFileName(draft, 'json'), mimeType: 'application/json', text: prettyJson(draft) };
}

/** A valid spec as an MMagic `model = dict(...)` config. */
export function specPythonFile(spec: LossSpec): TextFile {
  return { fileName: specFileName(spec, 'py'), mimeType: 'text/x-python', text: specToMMagicConfig(spec) };
}

/** An imported file's text as a draft, or its JSON syntax error with line and column. */
export function readSpecFile(text: string): JsonText {
  // A byte-order mark is no JSON, but editors on Windows write one.
  return parseJsonText(text.replace(/^\uFEFF/, ''));
}

/** Downloads a spec file, the same way a run's files are downloaded. */
export function saveTextFile(file: TextFile): void {
  saveFile(file);
}
