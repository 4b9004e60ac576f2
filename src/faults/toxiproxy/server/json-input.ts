import type { IncomingMessage } from 'node:http';
import { apiError } from './api-error.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON request body; an empty or malformed one is a 400, as in Toxiproxy. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw apiError('badRequestBody', `larger than ${MAX_BODY_BYTES} bytes`);
    parts.push(part);
  }
  const text = Buffer.concat(parts).toString('utf8');
  // Go's decoder reports an empty body as EOF.
  if (text.trim() === '') throw apiError('badRequestBody', 'EOF');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw apiError('badRequestBody', error instanceof Error ? error.message : String(error));
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function requireObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw apiError('badRequestBody', `json: cannot unmarshal ${jsonType(value)} into ${what}`);
  }
  return value as JsonObject;
}

type FieldTypes = { string: string; number: number; boolean: boolean };

/** A field of the given JSON type; undefined when absent or null, which Go's decoder leaves alone. */
export function optionalField<Type extends keyof FieldTypes>(
  object: JsonObject,
  key: string,
  type: Type,
  owner: string,
): FieldTypes[Type] | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) {
    throw apiError(
      'badRequestBody',
      `json: cannot unmarshal ${jsonType(value)} into field ${owner}.${key} of type ${type}`,
    );
  }
  return value as FieldTypes[Type];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
