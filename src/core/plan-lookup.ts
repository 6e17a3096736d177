// A plan's inputs and indicators by id, indexed once per plan object. The views and the judge ask
// for one per verdict (612 on the bundled sample, 145,000 on a national county check), where a
// linear find() over the plan's ~80 inputs costs more than the verdict itself.

import type { Indicator, InputField, Plan } from './types.js';

interface PlanIndex {
  inputs: Map<string, InputField>;
  indicators: Map<string, Indicator>;
}

const indexes = new WeakMap<Plan, PlanIndex>();

/** By id, the first of each (as find() gives it; a loaded plan's ids are unique anyway). */
function firstById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return byId;
}

function indexOf(plan: Plan): PlanIndex {
  let index = indexes.get(plan);
  if (!index) {
    index = { inputs: firstById(plan.inputs), indicators: firstById(plan.indicators) };
    indexes.set(plan, index);
  }
  return index;
}

/** The plan's input with this id. */
export function inputById(plan: Plan, id: string): InputField | undefined {
  return indexOf(plan).inputs.get(id);
}

/** The plan's indicator with this id. */
export function indicatorById(plan: Plan, id: string): Indicator | undefined {
  return indexOf(plan).indicators.get(id);
}

export interface PlanExamples {
  /** The plan's first indicator id. */
  indicator: string;
  /** Its first indicator counted by a plain sum of one input (what --allocate splits), else the first. */
  countIndicator: string;
  /** Its first input id. */
  input: string;
  /** A region of its division list: the first city, else the first division; '' without a list. */
  region: string;
}

/** Examples for help and error text, from the plan in use (never another province's ids). */
export function planExamples(plan: Plan): PlanExamples {
  const indicator = plan.indicators[0]?.id ?? '';
  const count = plan.indicators.find((i) => i.formula.fields.length === 1 && inputById(plan, i.formula.fields[0]!)?.aggregate === 'sum');
  const divisions = plan.divisions ?? [];
  const region = (divisions.find((d) => d.level === 'city') ?? divisions[0])?.code ?? '';
  return { indicator, countIndicator: count?.id ?? indicator, input: plan.inputs[0]?.id ?? '', region };
}
