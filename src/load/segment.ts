/**
 * One of `count` equal parts of a run's load, as k6's execution segments split a test: segment
 * `index` takes the arrivals whose position in the timeline is `index` modulo `count` (k6's
 * striping for equal segments `0:1/n, 1/n:2/n, …`), so the segments' arrivals together are
 * exactly the one-segment timeline, and every segment's rate is the profile's rate over `count`
 * at every moment.
 */
export interface ExecutionSegment {
  index: number;
  count: number;
}

export const WHOLE_RUN: ExecutionSegment = { index: 0, count: 1 };

/**
 * The segment's arrivals out of the whole timeline's; `onOther` is called with the position of
 * each arrival of another segment as it is passed over (in timeline order), so per-arrival
 * draws stay aligned. The segment's j-th arrival is at position j·count + index.
 */
export function* segmentArrivals(
  offsets: Iterator<number, void>,
  segment: ExecutionSegment,
  onOther: (position: number) => void = () => undefined,
): Generator<number, void, undefined> {
  for (let position = 0; ; position++) {
    const next = offsets.next();
    if (next.done) return;
    if (position % segment.count === segment.index) yield next.value;
    else onOther(position);
  }
}

/** The segment's share of a whole number (concurrency, an in-flight cap): the shares add up to it. */
export function segmentShare(total: number, segment: ExecutionSegment): number {
  return Math.floor(total / segment.count) + (segment.index < total % segment.count ? 1 : 0);
}

/** k6's notation for this segment, e.g. '1/4:2/4' (see --execution-segment). */
export function segmentNotation(segment: ExecutionSegment): string {
  return `${fraction(segment.index, segment.count)}:${fraction(segment.index + 1, segment.count)}`;
}

/** k6's --execution-segment-sequence for `count` equal segments, e.g. '0,1/3,2/3,1'. */
export function segmentSequence(count: number): string {
  return Array.from({ length: count + 1 }, (_, k) => fraction(k, count)).join(',');
}

/** A fraction in lowest terms, as k6 writes one: '0', '1/2', '2/3', '1'. */
function fraction(numerator: number, denominator: number): string {
  if (numerator === 0) return '0';
  const divisor = gcd(numerator, denominator);
  const [top, bottom] = [numerator / divisor, denominator / divisor];
  return bottom === 1 ? String(top) : `${top}/${bottom}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
