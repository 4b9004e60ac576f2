/**
 * What reverting a container fault means for one container, decided when the fault was applied
 * from the state found then; plain data so it fits the lease file.
 */
export type ContainerRevert = { id: string; name: string } & (
  | { action: 'none' }
  | { action: 'unpause' }
  | { action: 'start' }
  | {
      action: 'limits';
      cpuQuota: number;
      cpuPeriod: number;
      memory: number;
      memorySwap: number;
      squeezed: { cpu: boolean; memory: boolean };
      wasRunning: boolean;
    }
  | { action: 'connect'; network: string }
  | { action: 'exec'; command: string[] }
);

export function encodeReverts(reverts: readonly ContainerRevert[]): string {
  return JSON.stringify(reverts);
}

export function decodeReverts(encoded: string | number | undefined): ContainerRevert[] {
  if (typeof encoded !== 'string') return [];
  const parsed: unknown = JSON.parse(encoded);
  return Array.isArray(parsed) ? (parsed as ContainerRevert[]) : [];
}
