import { z } from 'zod';
import { durationMs } from '../shared/duration-schema.js';

/**
 * The fault catalogue: a string-literal union of kinds, each with its typed attributes.
 * When it runs: `during` a phase, or `at` an offset from the run start `for` a while
 * (default: until the run ends), optionally `repeat`ed and its start shifted by a seeded
 * `startJitter`. Every schema and attribute carries a description: `greenlight list faults`
 * prints them.
 */
const timing = {
  name: z.string().min(1),
  during: z.string().optional(),
  at: durationMs.optional(),
  for: durationMs.optional(),
  repeat: z
    .object({
      every: durationMs.refine((ms) => ms > 0, 'must be longer than 0').describe('time from one start to the next'),
      times: z.number().int().min(1).describe('how many times in all, the first included'),
    })
    .strict()
    .optional()
    .describe('repeat the window: { every, times }'),
  startJitter: durationMs
    .optional()
    .describe('delays each start by a random 0..startJitter drawn from the run seed (a replay is exact)'),
};

const colourTarget = z.enum(['blue', 'green']);

/** What every Toxiproxy toxic shares: which side of the colour's proxy, and on how many connections. */
const toxicCommon = {
  ...timing,
  target: colourTarget,
  direction: z
    .enum(['downstream', 'upstream'])
    .default('downstream')
    .describe('downstream: service → client (responses), upstream: client → service (requests)'),
  toxicity: z.number().min(0).max(1).default(1).describe('share of connections affected, 0-1'),
};

const nonNegativeInt = z.number().int().nonnegative();

/** A stepwise ramp: the attribute grows `by` every `every`, or takes the `steps` values in turn. */
const rampSchema = z
  .object({
    every: durationMs.refine((ms) => ms > 0, 'must be longer than 0'),
    by: z.number().int().optional(),
    steps: z.array(nonNegativeInt).min(1).optional(),
  })
  .strict()
  .refine((ramp) => (ramp.by === undefined) !== (ramp.steps === undefined), 'give exactly one of `by` or `steps`');

export type Ramp = z.output<typeof rampSchema>;

export const latencyFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('latency'),
    latency: nonNegativeInt.describe('added delay (ms)'),
    jitter: nonNegativeInt.default(0).describe('± ms drawn per chunk'),
    ramp: rampSchema
      .optional()
      .describe('{ every, by } or { every, steps: [ms, …] }: latency grows while the window lasts'),
  })
  .strict()
  .describe('Toxiproxy latency toxic on the proxy in front of a colour');

export const bandwidthFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('bandwidth'),
    rate: nonNegativeInt.describe('KB/s (1 KB = 1000 bytes)'),
    ramp: rampSchema
      .optional()
      .describe('{ every, by } or { every, steps: [KB/s, …] }: the rate changes while the window lasts'),
  })
  .strict()
  .describe('Toxiproxy bandwidth toxic: paces bytes to a rate');

export const slowCloseFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('slow-close'),
    delay: nonNegativeInt.describe('ms the close is held back'),
  })
  .strict()
  .describe('Toxiproxy slow_close toxic: data flows, the close of the connection is delayed');

export const timeoutFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('timeout'),
    timeout: nonNegativeInt.describe('ms until the connection is closed; 0 holds it open until reverted'),
  })
  .strict()
  .describe('Toxiproxy timeout toxic: no data gets through, then the connection closes (half-open connections)');

export const resetPeerFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('reset-peer'),
    timeout: nonNegativeInt.default(0).describe('ms after the first data until the TCP RST'),
  })
  .strict()
  .describe('Toxiproxy reset_peer toxic: connections are reset (ECONNRESET)');

export const slicerFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('slicer'),
    averageSize: z.number().int().positive().describe('average bytes per slice'),
    sizeVariation: nonNegativeInt.default(0).describe('± bytes per slice'),
    delay: nonNegativeInt.default(0).describe('µs between slices'),
  })
  .strict()
  .describe('Toxiproxy slicer toxic: splits writes into small pieces');

export const limitDataFaultSchema = z
  .object({
    ...toxicCommon,
    kind: z.literal('limit-data'),
    bytes: z.number().int().positive().describe('bytes until the connection closes'),
  })
  .strict()
  .describe('Toxiproxy limit_data toxic: closes each connection after so many bytes in that direction');

export const outageFaultSchema = z
  .object({ ...timing, kind: z.literal('outage'), target: colourTarget })
  .strict()
  .describe("disables the colour's Toxiproxy proxy: open connections close, new ones are refused");

/**
 * Which containers a container fault hits: a colour of a containers target (`blue`, `green`),
 * or `name:<container>`, `label:<key>=<value>`, `service:<compose service>[@<colour>]`.
 */
export const containerTargetSchema = z
  .string()
  .regex(
    /^(blue|green|name:[A-Za-z0-9][A-Za-z0-9_.-]*|label:[^=\s]+=\S*|service:[A-Za-z0-9][A-Za-z0-9_.-]*(@(blue|green))?)$/,
    'expected blue, green, name:<container>, label:<key>=<value> or service:<compose service>[@blue|@green]',
  );

const containerCommon = { ...timing, target: containerTargetSchema };

export const containerKillFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-kill'),
    signal: z
      .string()
      .regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGKILL')
      .default('SIGKILL')
      .describe('signal sent to the main process'),
    restart: z.boolean().default(true).describe('start the container again on revert'),
  })
  .strict()
  .describe('Docker: sends a signal to a container (default SIGKILL)');

export const containerStopFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-stop'),
    timeout: z.number().int().nonnegative().default(10).describe('seconds between SIGTERM and SIGKILL'),
  })
  .strict()
  .describe('Docker: stops a container; revert starts it again');

export const containerRestartFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-restart'),
    timeout: z.number().int().nonnegative().default(10).describe('seconds between SIGTERM and SIGKILL'),
  })
  .strict()
  .describe('Docker: restarts a container once when the window opens (revert: started if it is not running)');

export const containerPauseFaultSchema = z
  .object({ ...containerCommon, kind: z.literal('container-pause') })
  .strict()
  .describe('Docker: freezes every process of a container (requests hang); revert unpauses');

export const containerResourcesFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-resources'),
    cpus: z.number().gt(0).optional().describe('CPU quota in cores, e.g. 0.25'),
    memoryMiB: z.number().int().min(6).optional().describe('memory limit (MiB, swap included)'),
  })
  .strict()
  .refine((f) => f.cpus !== undefined || f.memoryMiB !== undefined, 'give `cpus`, `memoryMiB` or both')
  .describe('Docker: squeezes CPU quota and/or memory limit; revert puts the previous limits back');

export const containerExecFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-exec'),
    command: z
      .array(z.string())
      .min(1)
      .describe('argv run inside the container when the window opens (not waited for)'),
    revertCommand: z.array(z.string()).min(1).optional().describe('argv run inside the container on revert'),
  })
  .strict()
  .describe('Docker: runs a command inside a container');

export const containerDisconnectFaultSchema = z
  .object({
    ...containerCommon,
    kind: z.literal('container-disconnect'),
    network: z.string().min(1).describe('Docker network to disconnect from (bridge networks only)'),
  })
  .strict()
  .describe('Docker: disconnects a container from a network; revert connects it again');

export const gpuMemoryPressureFaultSchema = z
  .object({
    ...timing,
    kind: z.literal('gpu-memory-pressure'),
    target: colourTarget,
    mode: z
      .enum(['simulated', 'cuda'])
      .default('simulated')
      .describe("simulated: the reference service's VRAM; cuda: real allocations on an NVIDIA GPU of this host"),
    device: z.number().int().nonnegative().default(0).describe('CUDA device ordinal (mode cuda)'),
    helper: z
      .enum(['host', 'sidecar'])
      .default('host')
      .describe(
        'mode cuda: where the CUDA helper runs: a process on this host, or a container with a GPU device request next to a Docker target',
      ),
    image: z
      .string()
      .min(1)
      .default('greenlight-reference:local')
      .describe('helper sidecar: an image whose entrypoint is the greenlight CLI'),
    /** VRAM to occupy: a share of the GPU's total (0-100) or an absolute amount. */
    percent: z.number().gt(0).max(100).optional().describe('share of total VRAM, 0-100'),
    gib: z.number().positive().optional().describe('GiB of VRAM'),
  })
  .strict()
  .refine((f) => (f.percent === undefined) !== (f.gib === undefined), 'give exactly one of `percent` or `gib`')
  .refine((f) => f.helper === 'host' || f.mode === 'cuda', {
    message: "helper: 'sidecar' runs the CUDA helper; it needs mode: 'cuda'",
    path: ['helper'],
  })
  .describe('occupies VRAM of a colour: percent or gib (simulated on the embedded stack)');

export const faultSchema = z
  .discriminatedUnion('kind', [
    latencyFaultSchema,
    bandwidthFaultSchema,
    slowCloseFaultSchema,
    timeoutFaultSchema,
    resetPeerFaultSchema,
    slicerFaultSchema,
    limitDataFaultSchema,
    outageFaultSchema,
    gpuMemoryPressureFaultSchema,
    containerKillFaultSchema,
    containerStopFaultSchema,
    containerRestartFaultSchema,
    containerPauseFaultSchema,
    containerResourcesFaultSchema,
    containerExecFaultSchema,
    containerDisconnectFaultSchema,
  ])
  .refine((f) => f.during !== undefined || f.at !== undefined, 'give `during: <phase>` or `at: <offset>`')
  .refine((f) => !(f.during !== undefined && f.at !== undefined), 'give either `during` or `at`, not both')
  .refine((f) => f.repeat === undefined || (f.for !== undefined && f.for <= f.repeat.every), {
    message: '`repeat` needs `for` no longer than `repeat.every`, so one window ends before the next starts',
    path: ['repeat'],
  });

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec['kind'];
export type FaultInput = z.input<typeof faultSchema>;
/** When a fault runs, as an experiment writes it (what presets take besides their own knobs). */
export type FaultTiming = Partial<
  Pick<z.input<typeof latencyFaultSchema>, 'name' | 'during' | 'at' | 'for' | 'repeat' | 'startJitter'>
>;
export type LatencyFault = z.output<typeof latencyFaultSchema>;
export type BandwidthFault = z.output<typeof bandwidthFaultSchema>;
export type SlowCloseFault = z.output<typeof slowCloseFaultSchema>;
export type TimeoutFault = z.output<typeof timeoutFaultSchema>;
export type ResetPeerFault = z.output<typeof resetPeerFaultSchema>;
export type SlicerFault = z.output<typeof slicerFaultSchema>;
export type LimitDataFault = z.output<typeof limitDataFaultSchema>;
export type OutageFault = z.output<typeof outageFaultSchema>;
export type GpuMemoryPressureFault = z.output<typeof gpuMemoryPressureFaultSchema>;
export type ContainerKillFault = z.output<typeof containerKillFaultSchema>;
export type ContainerStopFault = z.output<typeof containerStopFaultSchema>;
export type ContainerRestartFault = z.output<typeof containerRestartFaultSchema>;
export type ContainerPauseFault = z.output<typeof containerPauseFaultSchema>;
export type ContainerResourcesFault = z.output<typeof containerResourcesFaultSchema>;
export type ContainerExecFault = z.output<typeof containerExecFaultSchema>;
export type ContainerDisconnectFault = z.output<typeof containerDisconnectFaultSchema>;
export type ContainerFault =
  | ContainerKillFault
  | ContainerStopFault
  | ContainerRestartFault
  | ContainerPauseFault
  | ContainerResourcesFault
  | ContainerExecFault
  | ContainerDisconnectFault;
