import { InputError } from '../errors.js';
import type { Experiment } from '../experiment/schema.js';
import type { HeaderValue } from '../experiment/target-schema.js';

/** Shown wherever a header's value would be: the journal, summary, report and terminal. */
export const REDACTED = '<redacted>';

/** The headers to send: values written out as given, the others read from their environment variables. */
export function resolveHeaders(headers: Readonly<Record<string, HeaderValue>>, where: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const read = process.env[value.env];
      if (read === undefined || read === '') {
        throw new InputError(`${where}.${name}: the environment variable ${value.env} is not set`);
      }
      return [name, `${value.prefix}${read}`];
    }),
  );
}

/** The headers as they may be written down: names and where each value comes from, never a value. */
export function redactHeaders(headers: Readonly<Record<string, HeaderValue>>): Record<string, HeaderValue> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, typeof value === 'string' ? REDACTED : value]),
  );
}

/** e.g. "Authorization (from $API_TOKEN), X-Api-Key (written in the target)". */
export function describeHeaders(headers: Readonly<Record<string, HeaderValue>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name} (${typeof value === 'string' ? 'written in the target' : `from $${value.env}`})`)
    .join(', ');
}

/** The experiment as it may be written down (the journal): its target's header values redacted. */
export function withRedactedHeaders(experiment: Experiment): Experiment {
  const { target } = experiment;
  if (target.kind !== 'external' && target.kind !== 'compose') return experiment;
  return { ...experiment, target: { ...target, headers: redactHeaders(target.headers) } };
}
