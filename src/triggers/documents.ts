import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { InputError, errorMessage } from '../errors.js';
import { parseDurationMs } from '../util/duration.js';

/** One YAML document of a definition file, and how to name it in an error. */
export interface YamlDocument {
  data: unknown;
  /** `file` or `file (document 2)`. */
  where: string;
}

/** Every document of a YAML file; bad YAML is an InputError naming the file and line. */
export function readYamlDocuments(file: string): YamlDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the trigger definition (${errorMessage(error)})`, { cause: error });
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  const several = documents.length > 1;
  return documents.map((document, index) => {
    const where = several ? `${file} (document ${index + 1})` : file;
    const [problem] = document.errors;
    if (problem) throw new InputError(`${where}: not valid YAML: ${problem.message}`);
    return { data: document.toJS() as unknown, where };
  });
}

/** Validates one document with zod; every problem names the document and the field. */
export function parseDocument<T extends z.ZodType>(schema: T, document: YamlDocument): z.output<T> {
  const result = schema.safeParse(document.data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(document)';
    return `  ${field}: ${issue.message}`;
  });
  throw new InputError(
    `${document.where}: ${lines.length === 1 ? 'a problem' : `${lines.length} problems`}\n${lines.join('\n')}`,
  );
}

/** A Go or Prometheus duration ('30s', '1m30s', '500ms'); an InputError naming the field otherwise. */
export function durationField(text: string, where: string, field: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined)
    throw new InputError(`${where}: ${field}: expected a duration such as 30s, 1m, 1m30s; got "${text}"`);
  return ms;
}

/** Argo's IntOrString fields: a number, or a string holding one (after args are filled in). */
export function wholeNumberField(value: number | string | undefined, where: string, field: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InputError(`${where}: ${field}: expected a whole number, got ${JSON.stringify(value)}`);
  return number;
}
