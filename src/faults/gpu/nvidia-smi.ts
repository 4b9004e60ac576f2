import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../../errors.js';

export interface GpuMemoryReading {
  usedMiB: number;
  totalMiB: number;
}

/** One reading of a GPU's memory from `nvidia-smi --query-gpu=memory.used,memory.total --format=csv`. */
export async function readGpuMemory(device: number): Promise<GpuMemoryReading> {
  let output: string;
  try {
    ({ stdout: output } = await promisify(execFile)(
      'nvidia-smi',
      ['--query-gpu=memory.used,memory.total', '--format=csv', `--id=${device}`],
      {
        timeout: 10_000,
      },
    ));
  } catch (error) {
    throw new EnvironmentError(`nvidia-smi could not read GPU ${device}: ${errorMessage(error)}`, { cause: error });
  }
  return parseGpuMemoryCsv(output);
}

/** Parses the csv (header, then e.g. `1234 MiB, 81559 MiB`). */
export function parseGpuMemoryCsv(csv: string): GpuMemoryReading {
  const row = csv.trim().split('\n')[1] ?? '';
  const [used, total] = row.split(',').map((cell) => Number.parseFloat(cell));
  if (used === undefined || total === undefined || !Number.isFinite(used) || !Number.isFinite(total)) {
    throw new EnvironmentError(`nvidia-smi printed no memory reading: ${csv.trim().slice(0, 200)}`);
  }
  return { usedMiB: used, totalMiB: total };
}
