import type { Random } from '../../../util/random.js';
import { apiError } from './api-error.js';
import { optionalField, requireObject, type JsonObject } from './json-input.js';
import { findToxicKind } from './toxics/registry.js';
import type { ToxicAttributes, ToxicKind } from './toxics/toxic.js';

export type Direction = 'upstream' | 'downstream';

/** The JSON shape of a toxic in Toxiproxy's API, keys in its order. */
export interface ToxicJson {
  attributes: Record<string, number>;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

/** A toxic configured on a proxy (Toxiproxy's ToxicWrapper); links read it live. */
export class ProxyToxic {
  constructor(
    readonly name: string,
    readonly kind: ToxicKind,
    /** The stream as the client wrote it; `direction` is what it means. */
    readonly stream: string,
    readonly direction: Direction,
    public toxicity: number,
    public attributes: ToxicAttributes,
    /** The toxic's own random stream; each connection derives its stream from it. */
    readonly random: Random,
  ) {}

  toJSON(): ToxicJson {
    const attributes = Object.fromEntries(this.kind.attributeNames.map((name) => [name, this.attributes[name] ?? 0]));
    return { attributes, name: this.name, type: this.kind.type, stream: this.stream, toxicity: this.toxicity };
  }
}

export interface NewToxic {
  name: string;
  kind: ToxicKind;
  stream: string;
  direction: Direction;
  toxicity: number;
  attributes: ToxicAttributes;
}

/**
 * Reads a POST /proxies/{proxy}/toxics body with Toxiproxy's defaults (stream downstream,
 * toxicity 1, name `<type>_<stream>`) and its order of checks; `exists` reports a name clash.
 */
export function parseNewToxic(body: unknown, exists: (name: string) => boolean): NewToxic {
  const input = requireObject(body, 'toxic');
  const type = optionalField(input, 'type', 'string', 'toxic') ?? '';
  const stream = optionalField(input, 'stream', 'string', 'toxic') ?? 'downstream';
  const toxicity = optionalField(input, 'toxicity', 'number', 'toxic') ?? 1;
  const rawName = optionalField(input, 'name', 'string', 'toxic');
  const rawAttributes = attributesObject(input);

  const direction = parseDirection(stream);
  const name = rawName || `${type}_${stream}`;
  const kind = findToxicKind(type);
  if (!kind) throw apiError('invalidToxicType');
  if (exists(name)) throw apiError('toxicAlreadyExists');
  return { name, kind, stream, direction, toxicity, attributes: readAttributes(kind, rawAttributes, {}) };
}

/** Applies a POST /proxies/{proxy}/toxics/{toxic} body: attributes and toxicity, unset ones kept. */
export function applyToxicUpdate(toxic: ProxyToxic, body: unknown): void {
  const input = requireObject(body, 'toxic');
  const toxicity = optionalField(input, 'toxicity', 'number', 'toxic') ?? toxic.toxicity;
  const attributes = readAttributes(toxic.kind, attributesObject(input), toxic.attributes);
  toxic.toxicity = toxicity;
  toxic.attributes = attributes;
}

function parseDirection(stream: string): Direction {
  const lower = stream.toLowerCase();
  if (lower === 'upstream' || lower === 'downstream') return lower;
  throw apiError('invalidStream');
}

function attributesObject(input: JsonObject): JsonObject {
  const value = input.attributes;
  return value === undefined || value === null ? {} : requireObject(value, 'toxic attributes');
}

/** Every attribute is an integer (int64 in Toxiproxy); unknown keys are ignored, as Go's decoder does. */
function readAttributes(kind: ToxicKind, input: JsonObject, previous: ToxicAttributes): ToxicAttributes {
  const attributes: Record<string, number> = {};
  for (const name of kind.attributeNames) {
    const value = optionalField(input, name, 'number', `${kind.type} attributes`) ?? previous[name] ?? 0;
    if (!Number.isSafeInteger(value)) {
      throw apiError(
        'badRequestBody',
        `json: cannot unmarshal number ${value} into field ${kind.type}.${name} of type int64`,
      );
    }
    attributes[name] = value;
  }
  return attributes;
}
