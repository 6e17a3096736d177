import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finiteOrNull, formatPlain, formatReadable, formatSigned, numberText, roundForCsv } from '../../src/format/numbers.js';

describe('numberText', () => {
  it('writes every number as String() does', () => {
    fc.assert(fc.property(fc.double(), (x) => numberText(x) === String(x)), { numRuns: 2000 });
    for (const x of [0, -0, 1e21, 1.5e-7, -5, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]) expect(numberText(x)).toBe(String(x));
  });
});

describe('formatReadable', () => {
  it('uses 0 decimals with thousands separators from 100 up', () => {
    expect(formatReadable(12345.6)).toBe('12,346');
    expect(formatReadable(100.4)).toBe('100');
    expect(formatReadable(-1234567.8)).toBe('-1,234,568');
  });

  it('uses 1 decimal from 10 and 2 decimals below', () => {
    expect(formatReadable(12.34)).toBe('12.3');
    expect(formatReadable(1.234)).toBe('1.23');
    expect(formatReadable(-0.5)).toBe('-0.50');
  });

  it('shows whole numbers whole', () => {
    expect(formatReadable(12)).toBe('12');
    expect(formatReadable(1)).toBe('1');
    expect(formatReadable(0)).toBe('0');
  });

  it('never prints negative zero', () => {
    expect(formatReadable(-0.001)).toBe('0.00');
    expect(formatReadable(-0)).toBe('0');
  });
});

describe('formatPlain and formatSigned', () => {
  it('keeps plan constants exact up to 4 decimals', () => {
    expect(formatPlain(13000)).toBe('13,000');
    expect(formatPlain(11.65)).toBe('11.65');
    expect(formatPlain(1.23456789)).toBe('1.2346');
  });

  it('puts a plus sign on positive changes only', () => {
    expect(formatSigned(412)).toBe('+412');
    expect(formatSigned(-3.5)).toBe('-3.50');
    expect(formatSigned(0.001)).toBe('0.00');
  });
});

describe('roundForCsv and finiteOrNull', () => {
  it('rounds to at most 4 decimals and trims zeros', () => {
    expect(roundForCsv(12.345678)).toBe(12.3457);
    expect(roundForCsv(18.5)).toBe(18.5);
    expect(roundForCsv(-0.00001)).toBe(0);
    expect(Object.is(roundForCsv(-0.00001), -0)).toBe(false);
  });

  it('turns NaN, Infinity and missing values into null', () => {
    expect(roundForCsv(Number.NaN)).toBeNull();
    expect(roundForCsv(undefined)).toBeNull();
    expect(finiteOrNull(Number.POSITIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(null)).toBeNull();
    expect(finiteOrNull(-2.5)).toBe(-2.5);
  });
});

describe('roundForCsv without strings', () => {
  /** What roundForCsv gives by definition: toFixed(4), read back, never -0. */
  const byToFixed = (value: number) => {
    const rounded = Number(value.toFixed(4));
    return rounded === 0 ? 0 : rounded;
  };

  it('equals toFixed(4) read back, for any double, ties and their neighbours included', () => {
    const near = (x: number) => fc.integer({ min: -3, max: 3 }).map((steps) => {
      let y = x;
      for (let i = 0; i < Math.abs(steps); i++) y = steps > 0 ? nextUp(y) : -nextUp(-y);
      return y;
    });
    const tie = fc.tuple(fc.integer({ min: -2e9, max: 2e9 }), fc.constantFrom(1e4, 1e3, 1e2)).map(([k, scale]) => (k + 0.5) / scale);
    const values = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1e4),
      tie,
      tie.chain(near),
    );
    fc.assert(fc.property(values, (value) => Object.is(roundForCsv(value), byToFixed(value))), { numRuns: 20000 });
  });

  it('rounds values that sit on a tie in decimal as toFixed does (by their binary value)', () => {
    for (const value of [1.00005, 2.00005, 0.00005, -0.00005, 1234.56785, 12.34565, 99999999.99995, 1e8 + 0.00005]) {
      expect(roundForCsv(value)).toBe(byToFixed(value));
    }
  });
});

describe('formatReadable and formatPlain without regular expressions', () => {
  // The definitions they replaced: toFixed of the value rounded (and read back, so never -0),
  // then commas put in by a regular expression.
  const roundTo = (value: number, decimals: number) => {
    const rounded = Number(value.toFixed(decimals));
    return rounded === 0 ? 0 : rounded;
  };
  const group = (fixed: string) => {
    const [integer = '', fraction] = fixed.split('.');
    const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fraction === undefined ? grouped : `${grouped}.${fraction}`;
  };
  const decimalsFor = (value: number) => (Number.isInteger(value) ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  const readable = (value: number) => group(roundTo(value, decimalsFor(value)).toFixed(decimalsFor(value)));
  const plain = (value: number) => group(String(roundTo(value, 4)));

  it('give the same text as before for any finite double', () => {
    const values = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1e4),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1e3 - 0.0005),
      fc.constantFrom(1e21, -1e21, 1.5e300, 5e-324, 1e-7, -1e-7, -0, 999.995, -0.004999, 123456789.5),
    );
    fc.assert(
      fc.property(values, (value) => formatReadable(value) === readable(value) && formatPlain(value) === plain(value)),
      { numRuns: 20000 },
    );
  });

  it('leave exponent forms alone', () => {
    expect(formatPlain(1e21)).toBe('1e+21');
    expect(formatReadable(-1e21)).toBe('-1e+21');
    expect(formatReadable(-1234.5)).toBe('-1,235');
  });
});

/** The next double up (for a finite x). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = x > 0 ? bits[0]! + 1n : bits[0]! - 1n;
  return new Float64Array(bits.buffer)[0]!;
}
