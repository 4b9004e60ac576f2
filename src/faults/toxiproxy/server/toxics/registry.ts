import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import type { ToxicKind } from './toxic.js';
import { timeoutToxic } from './timeout.js';

const KINDS: readonly ToxicKind[] = [
  latencyToxic,
  timeoutToxic,
  resetPeerToxic,
  bandwidthToxic,
  slowCloseToxic,
  slicerToxic,
  limitDataToxic,
  noopToxic,
];

const BY_TYPE = new Map(KINDS.map((kind) => [kind.type, kind]));

/** The toxic types the embedded server implements; a new toxic is one file plus a line above. */
export function findToxicKind(type: string): ToxicKind | undefined {
  return BY_TYPE.get(type);
}
