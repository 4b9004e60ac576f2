import { presetTiming, type FaultInput, type FaultTiming } from 'greenlight';

export const description =
  "a colour's container crashes again and again: SIGKILL, down for a while, started again (containers target)";

/**
 * A crash loop: the container is killed every `every` and stays down for `downFor` before it is
 * started again, `times` times in all (like a restart policy with back-off).
 */
export default function containerCrashLoop(
  options: Omit<FaultTiming, 'repeat' | 'for'> & {
    target?: string;
    every?: string;
    downFor?: string;
    times?: number;
  } = {},
): FaultInput {
  const {
    target = 'green',
    every = '8s',
    downFor = '3s',
    times = 3,
    name = `${target}-crash-loop`,
    ...timing
  } = options;
  return {
    ...presetTiming({ ...timing, for: downFor, repeat: { every, times } }),
    name,
    kind: 'container-kill',
    target,
    signal: 'SIGKILL',
    restart: true,
  };
}
