import { expect, test } from 'vitest';
import { formatValue } from '../../../src/ui/maps/format';

test.each([
  [0, '0'],
  [0.5, '0.5'],
  [0.693147, '0.6931'],
  [-2.5, '-2.5'],
  [1234.56, '1235'],
  [12345, '1.23e+4'],
  [0.0001234, '1.23e-4'],
  [NaN, 'NaN'],
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
])('formatValue(%s) = %s', (value, text) => {
  expect(formatValue(value)).toBe(text);
});
