import type { z } from 'zod';
import { faultSchema } from './faults-schema.js';

/** Fields every kind shares (name, timing, target): explained once in the docs, not per kind. */
const SHARED_FIELDS = new Set(['name', 'kind', 'target', 'during', 'at', 'for', 'repeat', 'startJitter']);

export interface FaultKindDescription {
  kind: string;
  description: string;
  /** "attribute: what it means" for each kind-specific attribute, in schema order. */
  attributes: string[];
}

/** The fault catalogue as text, read from the schema's own descriptions (`greenlight list faults`). */
export function describeFaultKinds(): FaultKindDescription[] {
  return faultSchema.options.map((option) => ({
    kind: option.shape.kind.value,
    description: option.description ?? '',
    attributes: Object.entries(option.shape as Record<string, z.ZodType>)
      .filter(([field]) => !SHARED_FIELDS.has(field))
      .map(([field, schema]) => (schema.description ? `${field}: ${schema.description}` : field)),
  }));
}
