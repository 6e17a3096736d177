// The shape of a plan file, as a zod schema. It validates the YAML (with every problem located by
// src/core/catalogue.ts) and is published as JSON Schema for editors (`planmetrics schema`).

import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'ids are lower-case snake_case (letters, digits, _), starting with a letter');
const year = z.number().int().min(1900).max(2200);
const level = z.enum(['province', 'city', 'county', 'township', 'village']);
const formulaText = z.string().min(1).describe('arithmetic over input ids: + - * / ( ), numbers, min(), max()');
const text = z.string().min(1);

const planMeta = z.strictObject({
  id: z.string().min(1),
  title: text,
  title_en: text.optional(),
  issuer: text.optional(),
  source: text.optional(),
  baseline_year: year,
  target_year: year,
  period: z.strictObject({ from: year, to: year }).optional(),
  divisions: text
    .optional()
    .describe('your own division list CSV (code,name,level,parent_code or 行政区划代码,名称,级别,上级代码), relative to the plan file; default: the built-in list of `regions`'),
  notes: z.array(text).optional(),
  regions: z
    .array(z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{2}0000$/, 'a province code of 6 digits ending in 0000, e.g. 320000')))
    .min(1)
    .optional()
    .describe('province codes the plan covers; without divisions, their built-in division list is used'),
});

const input = z.strictObject({
  id,
  label: text,
  label_en: text.optional(),
  unit: text,
  aggregate: z.enum(['sum', 'weighted_mean', 'min', 'max']),
  weight: formulaText.optional().describe('required for weighted_mean: the weight of each child'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  level: level.optional().describe('the level whose units this input counts (a county flag): folded by max below it, summed at and above it'),
  parent_may_exceed: z
    .boolean()
    .optional()
    .describe("a parent's own row may exceed the sum of its children (what a city runs itself, 市本级); otherwise it must equal it"),
  notes: text.optional(),
});

const rule = z.strictObject({
  id,
  assert: text.describe('"<formula> <op> <formula>" with op one of <= >= < > =, or "<formula> in [a, b, …]"'),
  levels: z.array(level).min(1).optional(),
  message: text.optional(),
});

const target = z.strictObject({
  value: z.number(),
  comparator: z.enum(['>=', '<=', '>', '<', '=', '≈', '≥', '≤', '＞', '＜']).describe('>= <= > < = ≈ (≥ ≤ ＞ ＜ are read as >= <= > <)'),
  tolerance: z.number().nonnegative().optional(),
  better: z.enum(['higher', 'lower']).optional(),
  assumption: text.optional(),
});

const indicator = z.strictObject({
  id,
  no: z.union([z.string().min(1), z.number()]).transform(String),
  name: text,
  name_en: text,
  unit: text,
  formula: formulaText,
  baseline: z.number().nullable(),
  baseline_note: text.optional(),
  target,
  target_year: year,
  attribute: z.enum(['binding', 'expected']),
  levels: z.array(level).min(1),
  lever: id.optional(),
  quotas: z.record(z.string().regex(/^\d{6}(\d{3}){0,2}$/, 'quota keys are region codes'), z.number()).optional(),
  source: text.optional(),
  notes: text.optional(),
});

export const planFileSchema = z.strictObject({
  $schema: z.string().optional(),
  plan: planMeta,
  inputs: z.array(input).min(1),
  rules: z.array(rule).optional(),
  indicators: z.array(indicator).min(1),
});

export type PlanFile = z.infer<typeof planFileSchema>;
