// Whatever comes in, the pipeline answers with diagnostics, never an exception: random bytes and
// CSV-ish text through reader + SubmissionChecker + engine, random text to the formula and plan parsers.
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RegionEngine } from '../../src/core/aggregate.js';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../src/core/diagnostics.js';
import { parseFormula } from '../../src/core/formula.js';
import { SubmissionChecker } from '../../src/core/validate.js';
import { describeDiagnostic } from '../../src/format/messages.js';
import { parsePlanText } from '../../src/io/plan-yaml.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { readSubmission } from '../../src/io/read-submissions.js';
import { SMALL_PLAN_YAML } from '../helpers/plan.js';

const plan = await loadPlan();
const COLUMNS = ['region_code', 'year', 'region_name', '常住人口', ...plan.inputs.slice(0, 8).map((i) => i.id), 'bogus', ''];

/** Runs the whole validation pipeline on bytes; returns every diagnostic. */
async function pipeline(bytes: Buffer): Promise<Diagnostic[]> {
  const engine = new RegionEngine(plan);
  const checker = new SubmissionChecker(plan);
  const found: Diagnostic[] = [];
  const result = await readSubmission('-', plan, { encoding: 'auto', stdin: Readable.from([bytes]) }, (row) => {
    found.push(...checker.check(row));
    engine.add(row);
  });
  found.push(...result.diagnostics, ...checker.finish());
  engine.finish();
  return found;
}

/** A placeholder that leaked into a message (zod's own "received undefined" is wording, not a leak). */
const LEAKED = /(?<!received )undefined|NaN|Infinity/;

/** The message without the input it quotes ("NaN" typed as a plan's whole text is the user's word). */
function ownWords(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
}

function expectWellFormed(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(Object.keys(DIAGNOSTIC_CODES)).toContain(d.code);
    for (const lang of ['en', 'zh'] as const) expect(ownWords(describeDiagnostic(d, lang))).not.toMatch(LEAKED);
  }
}

const cell = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1.5', '1,234', '1e3', '１２３', 'abc', '"', '""', '"a,b"', '\t', '=1+1', '2024', '2024年', '24', '9999'),
  fc.constantFrom('330000', '330100', '330103', '330106', '330106001', '330106001001', '330106001002', '33010', '3301060010011', '331100', '331102'),
  fc.integer({ min: -10, max: 5_000_000 }).map(String),
  fc.string({ maxLength: 6 }),
);
const record = fc.array(cell, { minLength: 0, maxLength: 14 }).map((cells) => cells.join(','));
const csvText = fc
  .tuple(fc.shuffledSubarray(COLUMNS, { minLength: 0 }), fc.array(record, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([header, rows, eol]) => [header.join(','), ...rows].join(eol));

describe('no crash on any input', () => {
  it('CSV-ish text through the whole pipeline gives diagnostics only', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        expectWellFormed(await pipeline(Buffer.from(text)));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes through the whole pipeline give diagnostics only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        expectWellFormed(await pipeline(Buffer.from(bytes)));
      }),
      { numRuns: 100 },
    );
  });

  it('random text to the formula parser gives a formula or located errors', () => {
    const known = new Set(plan.inputs.map((i) => i.id));
    const formulaish = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom('resident_population', 'urban_population', '+', '-', '*', '/', '(', ')', 'min(', 'max(', ',', '1', '0.5', ' ', 'x'), { maxLength: 20 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(formulaish, (source) => {
        const result = parseFormula(source, known);
        if (result.formula === null) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(error.offset).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('quotes a plan text of NaN back as the user wrote it, which is no leaked placeholder', () => {
    // Found by the property below (seed -1539895364): a whole plan file reading "NaN".
    const { plan: built, diagnostics } = parsePlanText('NaN', 'random.yaml');
    expect(built).toBeNull();
    expect(describeDiagnostic(diagnostics[0]!, 'en')).toContain('found string "NaN"');
    expectWellFormed(diagnostics);
    expect(ownWords('got NaN from "NaN"')).toMatch(LEAKED); // a NaN of our own still counts
  });

  it('random text and mangled plans to the plan loader give a plan or located diagnostics', () => {
    const lines = SMALL_PLAN_YAML.split('\n');
    const mangled = fc
      .array(fc.tuple(fc.nat({ max: lines.length - 1 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 4 })
      .map((edits) => {
        const copy = [...lines];
        for (const [at, text] of edits) copy[at] = `${copy[at]!.slice(0, Math.floor(copy[at]!.length / 2))}${text}`;
        return copy.join('\n');
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), mangled), (text) => {
        const { plan: built, diagnostics } = parsePlanText(text, 'random.yaml');
        if (built === null) {
          expect(diagnostics.length).toBeGreaterThan(0);
          for (const d of diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
        }
        expectWellFormed(diagnostics);
      }),
      { numRuns: 200 },
    );
  });
});
