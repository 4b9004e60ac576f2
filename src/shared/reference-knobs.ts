import { z } from 'zod';

/**
 * How a reference AI service behaves: its simulated GPU, its timing model and the knobs that
 * make a colour worse on purpose. Shared by the experiment model (embedded target) and the
 * reference service itself (`greenlight reference serve`).
 */
export const referenceKnobsSchema = z
  .object({
    model: z.string().min(1).default('greenlight-sim-7b'),
    /** Simulated VRAM of the GPU in GiB. */
    vramGiB: z.number().positive().default(24),
    /** VRAM taken by the model weights in GiB; the rest is the KV-cache budget. */
    weightsGiB: z.number().nonnegative().default(14),
    /** KV-cache cost of one token (prompt or output) in MiB. */
    kvMiBPerToken: z.number().positive().default(0.5),
    /** Prefill: fixed cost plus a cost per prompt token, in milliseconds. */
    prefillBaseMs: z.number().nonnegative().default(15),
    prefillMsPerToken: z.number().nonnegative().default(0.1),
    /** Decode time per output token for a batch of one, in milliseconds. */
    decodeMsPerToken: z.number().positive().default(8),
    /** Each extra sequence in the batch adds this fraction to the per-token decode time. */
    batchSlowdown: z.number().nonnegative().default(0.03),
    /** Most sequences decoded at once; more wait in the queue. */
    maxBatch: z.number().int().positive().default(64),
    /** Most requests waiting; beyond it requests are rejected with 429. */
    maxQueue: z.number().int().nonnegative().default(256),
    /** A queued request that waits longer than this fails with 503. */
    queueTimeoutMs: z.number().positive().default(10_000),
    /** Knob: share of requests that fail with 500 regardless of load. */
    errorRate: z.number().min(0).max(1).default(0),
    /**
     * Knob: share of requests that fail half-way through generation. A streamed answer (already
     * 200) gets an error event (SSE) or error line (NDJSON) and ends; a whole answer gets a 500.
     */
    midStreamErrorRate: z.number().min(0).max(1).default(0),
    /** Knob: share of requests whose connection is cut half-way through generation. */
    streamCutRate: z.number().min(0).max(1).default(0),
    /** Knob: multiplies the per-token decode time (1.2 = 20 % slower). */
    decodeSlowdown: z.number().positive().default(1),
    /** Knob: VRAM leaked per second in MiB, shrinking the KV-cache budget as the service runs. */
    leakMiBPerSecond: z.number().nonnegative().default(0),
    /** Seed of the service's own random choices (error knob, token text). */
    seed: z.number().int().default(1),
  })
  .strict();

export type ReferenceKnobsInput = z.input<typeof referenceKnobsSchema>;
export type ReferenceKnobs = z.output<typeof referenceKnobsSchema>;
