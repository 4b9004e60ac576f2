import { Random } from '../../../../src/util/random.js';

/** The bytes of `text` one at a time: every possible split point at once. */
export function byteByByte(text: string): Uint8Array[] {
  return [...Buffer.from(text, 'utf8')].map((byte) => Uint8Array.of(byte));
}

/** The bytes of `text` cut at seeded random places (chunks of 1–7 bytes). */
export function randomSplits(text: string, seed: number): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const random = new Random(seed);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = random.int(1, 7);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

export function whole(text: string): Uint8Array[] {
  return [Buffer.from(text, 'utf8')];
}

export const SPLITTINGS = [
  ['whole', whole],
  ['byte by byte', byteByByte],
  ['random splits', (text: string) => randomSplits(text, 11)],
] as const;
