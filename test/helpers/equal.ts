// expect(actual).toEqual(expected) for large plain data (thousands of regions or results), at a
// fraction of its cost: vitest's equality walks each value through its custom testers and
// matchers, which on an engine's results costs more than making them.

import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

/**
 * Passes and fails exactly where toEqual does. Node's strict deep equality answers first; values
 * it finds equal are equal for toEqual too (same own properties and prototypes, Object.is on
 * primitives: NaN equals NaN, 0 is not -0, as toEqual has them), and for toEqual's looser cases
 * (an undefined property against a missing one, another prototype) and real differences it
 * hands over to toEqual, which decides and prints its diff.
 */
export function expectEqual<T>(actual: T, expected: T): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
