import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description =
  'the container traffic is moving to freezes (docker pause): requests hang until they time out';

/** Pauses a colour's container, by default green, for the window (e.g. `during: 'cutover'`). */
export default function pauseDuringCutover(options: FaultTiming & { target?: string } = {}): FaultInput {
  const { target = 'green', name = `${target}-paused-during-cutover`, ...timing } = options;
  return { ...presetTiming(timing), name, kind: 'container-pause', target };
}
