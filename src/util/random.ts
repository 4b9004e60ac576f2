import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded random source. Each consumer (arrivals, workload sampling, fault jitter, proxy
 * toxicity) takes its own stream with `stream(label)`, so adding draws in one consumer never
 * shifts the numbers another one sees: the same seed replays the same run.
 */
export class Random {
  private readonly generator: ReturnType<typeof xoroshiro128plus>;

  constructor(readonly seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
    // The first outputs of xoroshiro from a small seed are poorly mixed; jump once.
    this.generator.jump?.();
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** An exponentially distributed number with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A standard normal number (Box-Muller). */
  normal(mean = 0, stddev = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An independent stream derived from this seed and a label. */
  stream(label: string): Random {
    return new Random(hashSeed(this.seed, label));
  }
}

/** FNV-1a over the label, mixed with the seed: a stable 32-bit seed per (seed, label). */
export function hashSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
