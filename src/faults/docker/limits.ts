import type Docker from 'dockerode';

/** The kernel's CFS period when none is set; a quota is a share of it. */
const DEFAULT_CPU_PERIOD = 100_000;

export interface ContainerLimits {
  cpuQuota: number;
  cpuPeriod: number;
  memory: number;
  memorySwap: number;
}

export function limitsOf(hostConfig: Docker.HostConfig): ContainerLimits {
  return {
    cpuQuota: hostConfig.CpuQuota ?? 0,
    cpuPeriod: hostConfig.CpuPeriod ?? 0,
    memory: hostConfig.Memory ?? 0,
    memorySwap: hostConfig.MemorySwap ?? 0,
  };
}

/** The update body that squeezes a container; memory includes swap so the limit really bites. */
export function squeezeUpdate(cpus: number | undefined, memoryMiB: number | undefined): Record<string, number> {
  return {
    ...(cpus !== undefined
      ? { CpuPeriod: DEFAULT_CPU_PERIOD, CpuQuota: Math.max(1000, Math.round(cpus * DEFAULT_CPU_PERIOD)) }
      : {}),
    ...(memoryMiB !== undefined ? { Memory: memoryMiB * 1024 * 1024, MemorySwap: memoryMiB * 1024 * 1024 } : {}),
  };
}

/**
 * The updates that put previous limits back, in order. Docker's update API reads 0 as "leave as
 * is" and refuses to remove a memory limit, so "no limit" is written as the kernel's own
 * spellings: CPU quota -1, and a memory limit of the host's whole memory with unlimited swap.
 * The kernel refuses a memory limit above the current memory+swap limit, so memory goes back
 * with a positive swap limit first and swap is lifted after.
 */
export function restoreUpdates(
  previous: ContainerLimits,
  squeezed: { cpu: boolean; memory: boolean },
  hostMemory: number,
): Record<string, number>[] {
  const updates: Record<string, number>[] = [];
  if (squeezed.cpu) {
    updates.push({
      CpuQuota: previous.cpuQuota > 0 ? previous.cpuQuota : -1,
      CpuPeriod: previous.cpuPeriod > 0 ? previous.cpuPeriod : DEFAULT_CPU_PERIOD,
    });
  }
  if (squeezed.memory) {
    const memory = previous.memory > 0 ? previous.memory : hostMemory;
    updates.push({ Memory: memory, MemorySwap: previous.memorySwap > 0 ? previous.memorySwap : memory });
    if (previous.memorySwap <= 0) updates.push({ Memory: memory, MemorySwap: -1 });
  }
  return updates;
}

/** A limit greenlight may have left: a CPU quota, or a memory limit below the host's memory. */
export function describeLimits(limits: ContainerLimits, hostMemory: number): string | undefined {
  const parts = [
    ...(limits.cpuQuota > 0 ? [`CPU quota ${limits.cpuQuota}/${limits.cpuPeriod || DEFAULT_CPU_PERIOD}`] : []),
    ...(limits.memory > 0 && limits.memory < hostMemory
      ? [`memory limit ${Math.round(limits.memory / 1048576)} MiB`]
      : []),
  ];
  return parts.length > 0 ? parts.join(', ') : undefined;
}
