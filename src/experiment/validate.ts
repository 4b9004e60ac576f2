import type { z } from 'zod';
import { InputError } from '../errors.js';
import { experimentSchema, type Experiment } from './schema.js';

/** Validates plain data as an experiment; errors name the source and every bad field. */
export function validateExperiment(data: unknown, source: string): Experiment {
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `${source}: expected the file to export an experiment object (export default defineExperiment({...})); got ${describeValue(data)}`,
    );
  }
  const result = experimentSchema.safeParse(data);
  if (!result.success) throw new InputError(formatIssues(source, result.error.issues));
  return result.data;
}

export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[], what = 'experiment'): string {
  const lines = issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `  ${[...at, key].join('.')}: unknown field`);
    }
    return [`  ${at.length > 0 ? at.join('.') : `(${what})`}: ${issue.message}`];
  });
  const noun = lines.length === 1 ? 'problem' : 'problems';
  return `${source}: ${lines.length} ${noun} in the ${what}\n${lines.join('\n')}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (no default export)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
