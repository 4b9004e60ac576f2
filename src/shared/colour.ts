export const COLOURS = ['blue', 'green'] as const;
export type Colour = (typeof COLOURS)[number];

/** The colour a response came from; `unknown` when no response named one (refused, reset). */
export type ObservedColour = Colour | 'unknown';

/** The response header the reference router (and any router greenlight observes) sets. */
export const COLOUR_HEADER = 'x-greenlight-colour';

export function isColour(value: unknown): value is Colour {
  return value === 'blue' || value === 'green';
}
