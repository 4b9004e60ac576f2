import type {
  BandwidthFault,
  LatencyFault,
  LimitDataFault,
  OutageFault,
  ResetPeerFault,
  SlicerFault,
  SlowCloseFault,
  TimeoutFault,
} from '../../experiment/faults-schema.js';

/** The faults that are one Toxiproxy toxic on the colour's proxy. */
export type ToxicFault =
  LatencyFault | BandwidthFault | SlowCloseFault | TimeoutFault | ResetPeerFault | SlicerFault | LimitDataFault;

/** Every fault the Toxiproxy driver applies: a toxic, or the proxy disabled. */
export type NetworkFault = ToxicFault | OutageFault;

export const NETWORK_FAULT_KINDS = [
  'latency',
  'bandwidth',
  'slow-close',
  'timeout',
  'reset-peer',
  'slicer',
  'limit-data',
  'outage',
] as const satisfies readonly NetworkFault['kind'][];

/** A toxic as Toxiproxy's API takes it: its type and its (integer) attributes under Toxiproxy's names. */
export interface ToxicBody {
  type: string;
  attributes: Record<string, number>;
}

export function toxicBody(fault: ToxicFault): ToxicBody {
  switch (fault.kind) {
    case 'latency':
      return { type: 'latency', attributes: { latency: fault.latency, jitter: fault.jitter } };
    case 'bandwidth':
      return { type: 'bandwidth', attributes: { rate: fault.rate } };
    case 'slow-close':
      return { type: 'slow_close', attributes: { delay: fault.delay } };
    case 'timeout':
      return { type: 'timeout', attributes: { timeout: fault.timeout } };
    case 'reset-peer':
      return { type: 'reset_peer', attributes: { timeout: fault.timeout } };
    case 'slicer':
      return {
        type: 'slicer',
        attributes: { average_size: fault.averageSize, size_variation: fault.sizeVariation, delay: fault.delay },
      };
    case 'limit-data':
      return { type: 'limit_data', attributes: { bytes: fault.bytes } };
  }
}

/** One line for progress and reports, e.g. "latency +300±50 ms downstream on green". */
export function describeNetworkFault(fault: NetworkFault): string {
  if (fault.kind === 'outage') return `outage: ${fault.target}'s proxy disabled`;
  const share = fault.toxicity < 1 ? ` (${Math.round(fault.toxicity * 100)} % of connections)` : '';
  return `${describeToxic(fault)} ${fault.direction} on ${fault.target}${share}`;
}

function describeToxic(fault: ToxicFault): string {
  switch (fault.kind) {
    case 'latency':
      return `latency +${fault.latency}${fault.jitter > 0 ? `±${fault.jitter}` : ''} ms`;
    case 'bandwidth':
      return `bandwidth ${fault.rate} KB/s`;
    case 'slow-close':
      return `slow close +${fault.delay} ms`;
    case 'timeout':
      return fault.timeout > 0 ? `timeout: no data, closed after ${fault.timeout} ms` : 'timeout: no data, held open';
    case 'reset-peer':
      return `reset peer${fault.timeout > 0 ? ` after ${fault.timeout} ms` : ''}`;
    case 'slicer':
      return `slicer ${fault.averageSize}${fault.sizeVariation > 0 ? `±${fault.sizeVariation}` : ''} B slices${fault.delay > 0 ? ` ${fault.delay} µs apart` : ''}`;
    case 'limit-data':
      return `limit data to ${fault.bytes} B`;
  }
}
