import type { HistoryBatch } from '../../src/protocol/messages';
import type { SeriesByName } from '../../src/state/series';

/** A history batch from rows of [loss index, step, value, weight, raw, time]. */
export function batch(names: readonly string[], rows: readonly (readonly [number, number, number, number, number, number])[]): HistoryBatch {
  return {
    names,
    loss: Uint16Array.from(rows, (r) => r[0]),
    step: Float64Array.from(rows, (r) => r[1]),
    value: Float32Array.from(rows, (r) => r[2]),
    weight: Float32Array.from(rows, (r) => r[3]),
    raw: Float32Array.from(rows, (r) => r[4]),
    time: Float64Array.from(rows, (r) => r[5]),
  };
}

/** A series' used part, column by column, as bytes: equal bytes mean equal bit for bit (NaN included). */
export function seriesBytes(series: SeriesByName): Record<string, Record<string, number[]>> {
  const bytes = (a: Float32Array | Float64Array, n: number) => Array.from(new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT));
  return Object.fromEntries(
    [...series].map(([name, s]) => [
      name,
      { step: bytes(s.step, s.length), value: bytes(s.value, s.length), weight: bytes(s.weight, s.length), raw: bytes(s.raw, s.length), time: bytes(s.time, s.length) },
    ]),
  );
}
