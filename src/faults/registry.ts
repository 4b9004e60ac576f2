import { DockerDriver } from './docker/driver.js';
import { GpuMemoryPressureDriver } from './gpu/driver.js';
import type { DriverRegistry } from './scheduler.js';
import { ToxiproxyDriver } from './toxiproxy/driver.js';
import type { FaultDriver } from './driver.js';

/** Every fault kind greenlight knows, with the driver that applies it. */
export function createDriverRegistry(): DriverRegistry {
  const drivers: FaultDriver[] = [
    new ToxiproxyDriver() as FaultDriver,
    new GpuMemoryPressureDriver() as FaultDriver,
    new DockerDriver() as FaultDriver,
  ];
  return new Map(drivers.flatMap((driver) => driver.kinds.map((kind) => [kind, driver] as const)));
}
