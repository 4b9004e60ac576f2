import type { z } from 'zod';
import { InputError } from '../../errors.js';

/** Parses with a zod schema; on failure throws an InputError that names each bad field. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field === '' ? issue.message : `${field}: ${issue.message}`;
  });
  throw new InputError(`${what}: ${problems.join('; ')}`);
}
