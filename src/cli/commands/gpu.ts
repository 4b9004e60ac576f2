import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { InputError } from '../../errors.js';
import { loadCuda } from '../../faults/gpu/cuda.js';
import { holdGpuMemory, holdingLine } from '../../faults/gpu/hold.js';

interface HoldFlags {
  device: number;
  gib?: number;
  percent?: number;
  exitWithParent?: boolean;
}

export function registerGpu(program: Command): void {
  const gpu = program
    .command('gpu')
    .description('real GPU memory pressure on an NVIDIA host (CUDA driver API through libcuda.so.1)');
  gpu
    .command('hold')
    .description(
      'allocate and touch GPU memory and hold it until SIGINT/SIGTERM (the helper behind gpu-memory-pressure with mode cuda)',
    )
    .option('--device <n>', 'CUDA device ordinal', (value) => parseDevice(value), 0)
    .option('--gib <n>', 'GiB to hold', (value) => parseGib(value))
    .option('--percent <n>', 'share of the GPU memory to hold, 0-100', (value) => parsePercent(value))
    .addOption(new Option('--exit-with-parent').hideHelp())
    .addHelpText(
      'after',
      '\nExit codes: 0 released after a signal; 2 bad flags; 3 no NVIDIA driver, or the allocation failed.',
    )
    .action(async (flags: HoldFlags) => {
      if ((flags.gib === undefined) === (flags.percent === undefined))
        throw new InputError('gpu hold: give exactly one of --gib or --percent');
      const hold = holdGpuMemory(await loadCuda(), {
        device: flags.device,
        ...(flags.gib !== undefined ? { gib: flags.gib } : { percent: flags.percent ?? 0 }),
      });
      process.stdout.write(`${holdingLine(hold, process.pid)}\n`);
      const release = (): void => {
        hold.release();
        process.stdout.write(`greenlight gpu hold: released ${hold.heldMiB} MiB on GPU ${hold.device}\n`);
        process.exit(0);
      };
      process.once('SIGINT', release);
      process.once('SIGTERM', release);
      if (flags.exitWithParent) {
        process.stdin.once('end', release).once('error', release).resume();
      } else {
        // Nothing else keeps the process alive while it holds the memory.
        setInterval(() => undefined, 1 << 30);
      }
    });
}

function parseDevice(value: string): number {
  const device = Number(value);
  if (!Number.isInteger(device) || device < 0)
    throw new InvalidArgumentError(`expected a CUDA device ordinal (0, 1, …), got "${value}"`);
  return device;
}

function parsePercent(value: string): number {
  const percent = Number(value);
  if (!(percent > 0 && percent <= 100))
    throw new InvalidArgumentError(`expected a number above 0 and at most 100, got "${value}"`);
  return percent;
}

function parseGib(value: string): number {
  const gib = Number(value);
  if (!(gib > 0)) throw new InvalidArgumentError(`expected a number of GiB above 0, got "${value}"`);
  return gib;
}
