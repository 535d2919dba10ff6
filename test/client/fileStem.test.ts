import { describe, expect, it } from 'vitest';
import { FILE_STEM_MAX, fileStem } from '../../src/client/archive/runFiles';

describe("an exported file's name from the run's name", () => {
  it('keeps letters, digits, dots and dashes, and falls back to the run number', () => {
    expect(fileStem({ name: 'Run 3: lr=2e-4 / β', number: 3 })).toBe('Run_3_lr_2e-4');
    expect(fileStem({ name: '../../etc/passwd', number: 4 })).toBe('etc_passwd');
    expect(fileStem({ name: '__proto__', number: 5 })).toBe('proto');
    expect(fileStem({ name: '  ***  ', number: 6 })).toBe('run_6');
  });

  it('is at most 100 characters, so the file name stays under the 255 bytes file systems take', () => {
    // Bug: a run named with 10,000 characters gave a 10,014-character download name.
    const stem = fileStem({ name: 'a'.repeat(10_000), number: 1 });
    expect(FILE_STEM_MAX).toBe(100);
    expect(stem).toBe('a'.repeat(100));
    expect(`${fileStem({ name: 'é'.repeat(300) + 'x', number: 2 })}_loss_log.json`).toBe('x_loss_log.json');
    expect(fileStem({ name: `${'b'.repeat(99)} c`, number: 7 })).toBe('b'.repeat(99));
  });
});
