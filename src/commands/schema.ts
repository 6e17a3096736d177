import { z } from 'zod';
import { planFileSchema } from '../core/plan-schema.js';
import type { CommandResult } from './result.js';

/** The plan file format as JSON Schema, for editors (yaml-language-server, VS Code). */
export function planJsonSchema(): object {
  return {
    $id: 'https://planmetrics.dev/plan.schema.json',
    title: 'planmetrics plan file',
    ...z.toJSONSchema(planFileSchema, { target: 'draft-2020-12', io: 'input' }),
  };
}

export async function runSchema(): Promise<CommandResult> {
  return { output: `${JSON.stringify(planJsonSchema(), null, 2)}\n`, exitCode: 0, warnings: [] };
}
