import { useState } from 'react';
import type { LossSpec } from '../../manager/specValidation';
import { describedBy, Field } from './fields';
import styles from './spec.module.css';
import { readSpecFile, saveTextFile, specJsonFile, specPythonFile } from './specFiles';

export interface SpecFilesPanelProps {
  readonly id: string;
  readonly draft: unknown;
  /** The id of the text saying why the draft is invalid; undefined when it is valid (only then can it become Python). */
  readonly problemsId: string | undefined;
  /** A parsed file's JSON, and its name; the editor validates it as any draft. */
  readonly onImport: (json: unknown, fileName: string) => void;
}

/** Export the draft as .json or (when valid) as an MMagic .py config; import a .json spec. */
export function SpecFilesPanel({ id, draft, problemsId, onImport }: SpecFilesPanelProps) {
  const [fileError, setFileError] = useState<string | null>(null);
  const importFile = async (file: File) => {
    const parsed = readSpecFile(await file.text());
    if (!parsed.ok) {
      setFileError(`${file.name}: not JSON: ${parsed.message}`);
      return;
    }
    setFileError(null);
    onImport(parsed.value, file.name);
  };
  return (
    <fieldset className={styles.group}>
      <legend>Spec files</legend>
      <div className={styles.row}>
        <button type="button" onClick={() => saveTextFile(specJsonFile(draft))}>
          Export spec (.json)
        </button>
        <button
          type="button"
          disabled={problemsId !== undefined}
          aria-describedby={describedBy(problemsId)}
          onClick={() => saveTextFile(specPythonFile(draft as LossSpec))}
        >
          Export as MMagic config (.py)
        </button>
      </div>
      <Field id={`${id}-import`} label="Import spec (.json)" name="Import spec (.json)" errors={fileError ? [fileError] : undefined}>
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        )}
      </Field>
    </fieldset>
  );
}
