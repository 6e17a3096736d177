// The scenario file format (`--scenario FILE`), validated like the plan file: zod for the shape,
// the plan for field names, every problem located on its line by the caller's `locate`.
// Kept apart from whatif.ts so that a run without --scenario never loads zod.

import { z } from 'zod';
import type { Locate, YamlPath } from './catalogue.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { planExamples } from './plan-lookup.js';
import { isRegionCode } from './regions.js';
import type { Plan } from './types.js';
import { findInput, parseChangeValue, SET_SCENARIO, unknownField, type Change, type ChangeOp, type ChangeProblem, type Scenario } from './whatif.js';

/** A zod issue carrying a catalogued problem, turned into its USAGE diagnostic by buildScenarios. */
function problemIssue(path: (string | number)[], problem: ChangeProblem) {
  return { code: 'custom' as const, path, message: problem.usage, params: { usage: problem.usage, ...problem.args } };
}

/** The scenario file format; field names and changes are checked against the plan, each on its line. */
function scenarioFileSchema(plan: Plan) {
  const change = z
    .strictObject({
      field: z.string().min(1),
      // Not a string: reported as scenario_change_unquoted (unquoted, +30 reads as the number 30).
      change: z.string(),
      region: z.union([z.string(), z.number().int()]).transform(String).optional(),
      year: z.number().int().min(1900).max(2200).optional(),
    })
    .superRefine((c, ctx) => {
      if (!findInput(plan, c.field)) ctx.addIssue(problemIssue(['field'], unknownField(c.field)));
      const value = parseChangeValue(c.change);
      if ('error' in value) ctx.addIssue(problemIssue(['change'], value.error));
      if (c.region !== undefined && !isRegionCode(c.region)) {
        const example = planExamples(plan).region;
        ctx.addIssue(problemIssue(['region'], { usage: 'scenario_region_code', args: { value: c.region, ...(example ? { example } : {}) } }));
      }
    });
  const scenario = z.strictObject({
    // The --set changes go by SET_SCENARIO beside the file's: no file scenario may take that name.
    name: z
      .string()
      .min(1)
      .superRefine((name, ctx) => {
        if (name.trim() === SET_SCENARIO || name.trim().startsWith('--')) ctx.addIssue(problemIssue([], { usage: 'scenario_name_reserved', args: { value: name } }));
      }),
    changes: z.array(change).min(1),
  });
  return z.strictObject({
    scenarios: z
      .array(scenario)
      .min(1)
      .superRefine((scenarios, ctx) => {
        const seen = new Set<string>();
        scenarios.forEach((s, i) => {
          if (seen.has(s.name)) ctx.addIssue(problemIssue([i, 'name'], { usage: 'scenario_name_twice', args: { value: s.name } }));
          seen.add(s.name);
        });
      }),
  });
}

/** Validates a scenario file's parsed content; every problem is reported with its YAML position. */
export function buildScenarios(raw: unknown, plan: Plan, file: string, locate: Locate): { scenarios: Scenario[]; diagnostics: Diagnostic[] } {
  const parsed = scenarioFileSchema(plan).safeParse(raw);
  if (parsed.success) {
    const scenarios = parsed.data.scenarios.map((s) => ({
      name: s.name,
      changes: s.changes.map((c): Change => {
        const { op } = parseChangeValue(c.change) as { op: ChangeOp };
        return { field: findInput(plan, c.field)!.id, op, text: c.change.trim(), region: c.region, year: c.year };
      }),
    }));
    return { scenarios, diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = [];
  // Each problem in the catalogue's words (a usage key and its args), at its line.
  const report = (path: YamlPath, usage: string, args: Record<string, string> = {}): void => {
    diagnostics.push(diagnostic('USAGE', { file, ...locate(path), field: path.join('.') }, { usage, path: path.join('.'), ...args }));
  };
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) report([...path, key], 'scenario_unknown_key', { value: key });
    else if (issue.code === 'custom' && typeof issue.params?.usage === 'string') report(path, issue.params.usage, issue.params as Record<string, string>);
    else if (issue.code === 'invalid_type' && path.at(-1) === 'change') report(path, 'scenario_change_unquoted');
    else report(path, 'scenario_shape', { detail: issue.message });
  }
  return { scenarios: [], diagnostics };
}
