import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../../src/experiment/load-file.js';
import { loadSchema, profileSchema, type TraceProfile } from '../../../src/experiment/load-schema.js';
import { NativeEngine } from '../../../src/load/engines/native/native-engine.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import { profileShape } from '../../../src/load/profiles/shape.js';
import { traceSchedule } from '../../../src/load/profiles/trace-schedule.js';
import { readTrace } from '../../../src/load/workloads/trace-file.js';
import { arrivalRequestShapes } from '../../../src/load/workloads/trace-requests.js';
import { WorkloadSampler } from '../../../src/load/workloads/sampler.js';
import { Random } from '../../../src/util/random.js';
import { MemoryJournal } from '../helpers/journal.js';
import { fastJson, startServer } from '../helpers/servers.js';

/** The first rows of the Azure 2023 code trace's layout (values made up here). */
const AZURE = [
  'TIMESTAMP,ContextTokens,GeneratedTokens',
  '2023-11-16 18:17:03.9799600,4808,10',
  '2023-11-16 18:17:04.0319600,3180,8',
  '2023-11-16 18:17:05.2792720,1145,7',
].join('\n');

const MOONCAKE = [
  '{"timestamp": 0, "input_length": 6755, "output_length": 500, "hash_ids": [0, 1, 2]}',
  '',
  '{"timestamp": 3052, "input_length": 2287, "output_length": 316, "hash_ids": [0, 42]}',
  '{"timestamp": 1500, "input_length": 100, "output_length": 20}',
].join('\n');

const trace = (requests: [number, number, number][], extra: object = {}): TraceProfile =>
  profileSchema.parse({ kind: 'trace', requests, ...extra }) as TraceProfile;

describe('reading traces', () => {
  it('reads the Azure CSV (100 ns timestamps) as offsets from the first request', () => {
    const requests = readTrace(AZURE, 'azure', 'azure.csv');
    expect(requests.map(([, input, output]) => [input, output])).toEqual([
      [4808, 10],
      [3180, 8],
      [1145, 7],
    ]);
    expect(requests[0]![0]).toBe(0);
    expect(requests[1]![0]).toBeCloseTo(52, 6);
    // Epoch milliseconds in a double keep microseconds, not 100 ns ticks.
    expect(requests[2]![0]).toBeCloseTo(1299.312, 3);
  });

  it('reads Mooncake JSONL (ms timestamps), skipping blank lines and sorting by time', () => {
    expect(readTrace(MOONCAKE, 'mooncake', 'm.jsonl')).toEqual([
      [0, 6755, 500],
      [1500, 100, 20],
      [3052, 2287, 316],
    ]);
  });

  it('names the line of a bad row', () => {
    expect(() => readTrace(`${AZURE}\n2023-11-16 18:17:06.0,12x,5`, 'azure', 'a.csv')).toThrow(
      /^a\.csv:5: ContextTokens: expected a whole number of tokens ≥ 0, got "12x"/,
    );
    expect(() => readTrace(`${AZURE}\nyesterday,1,5`, 'azure', 'a.csv')).toThrow(/^a\.csv:5: TIMESTAMP "yesterday"/);
    expect(() =>
      readTrace('{"timestamp": 0, "input_length": 5, "output_length": 1}\n{"timestamp": -1}', 'mooncake', 'm.jsonl'),
    ).toThrow(/^m\.jsonl:2: timestamp: expected milliseconds ≥ 0, got -1/);
    expect(() => readTrace('{"timestamp": 0, "input_length": 5}\nnot json', 'mooncake', 'm.jsonl')).toThrow(
      /^m\.jsonl:1: output_length/,
    );
    expect(() => readTrace('TIMESTAMP,Tokens\n', 'azure', 'a.csv')).toThrow(
      /a\.csv:1: expected the Azure trace header/,
    );
  });
});

describe('the trace schedule', () => {
  const recorded: [number, number, number][] = [
    [0, 100, 10],
    [400, 200, 20],
    [1000, 300, 30],
    [2600, 400, 0],
  ];

  it('sends each request at its offset divided by speedup, with its token counts (at least 1)', () => {
    const schedule = traceSchedule(trace(recorded, { speedup: 2 }));
    expect([...schedule.offsetsMs]).toEqual([0, 200, 500, 1300]);
    expect([...schedule.promptTokens]).toEqual([100, 200, 300, 400]);
    expect([...schedule.maxTokens]).toEqual([10, 20, 30, 1]);
  });

  it('scales the rate by thinning or repeating requests evenly', () => {
    expect([...traceSchedule(trace(recorded, { scale: 0.5 })).promptTokens]).toEqual([200, 400]);
    expect([...traceSchedule(trace(recorded, { scale: 1.5 })).promptTokens]).toEqual([100, 200, 200, 300, 400, 400]);
  });

  it('is its own arrival process, cut at the run end', () => {
    const profile = trace(recorded);
    expect([...arrivalTimes(profile, 2000, 'even', new Random(1))]).toEqual([0, 400, 1000]);
    // As a rate: the arrivals planned in each second.
    const shape = profileShape(profile);
    expect([0, 500, 1500, 2500, 3500].map((t) => shape.rateAt(t))).toEqual([2, 2, 1, 1, 0]);
    expect(shape.cumulative(10_000)).toBe(4);
  });

  it('gives arrival i the counts of request i, whoever sends it', () => {
    const shapes = arrivalRequestShapes(trace(recorded))!;
    expect(shapes(2)).toEqual({ promptTokens: 300, maxTokens: 30 });
    expect(shapes(4)).toBeUndefined();
    expect(arrivalRequestShapes(profileSchema.parse({ kind: 'constant', rate: 1 }))).toBeUndefined();
  });

  it('refuses an arrival process other than its own', () => {
    expect(() => loadSchema.parse({ profile: { kind: 'trace', requests: recorded }, arrival: 'poisson' })).toThrow(
      /a trace replays its recorded arrivals/,
    );
  });

  it('makes the sampler ask for the recorded counts instead of drawing them', () => {
    const load = loadSchema.parse({ profile: { kind: 'constant', rate: 1 } });
    const sampler = new WorkloadSampler(load.workload, 'm', new Random(3));
    const request = sampler.next({ promptTokens: 42, maxTokens: 7 });
    expect(request).toMatchObject({ promptTokens: 42, maxTokens: 7 });
    expect(JSON.parse(request.body)).toMatchObject({ max_tokens: 7 });
    expect(
      (JSON.parse(request.body) as { messages: { content: string }[] }).messages[0]!.content.split(' '),
    ).toHaveLength(42);
  });
});

describe('the native engine replaying a trace', () => {
  it('sends every recorded request at its offset with its token counts', async () => {
    const server = await startServer(fastJson('blue'));
    try {
      const requests: [number, number, number][] = Array.from({ length: 30 }, (_, index) => [
        index * 37 + (index % 3) * 5,
        10 + index,
        1 + (index % 5),
      ]);
      const load = loadSchema.parse({
        profile: { kind: 'trace', requests, speedup: 1 },
        workload: { mix: [{ request: { kind: 'chat', stream: false } }] },
      });
      const journal = new MemoryJournal();
      const startAt = Date.now() + 200;
      await new NativeEngine().run(
        { url: server.url, load, startAt, durationMs: 2000, seed: 1 },
        journal,
        new AbortController().signal,
      );
      const chats = server.bodies.filter((body) => 'messages' in body) as {
        max_tokens: number;
        messages: { content: string }[];
      }[];
      // Requests overlap on several connections, so the server may read them in another order.
      const sent = chats.map((body) => `${body.messages[0]!.content.split(' ').length}/${body.max_tokens}`).sort();
      expect(sent).toEqual(requests.map(([, input, output]) => `${input}/${output}`).sort());
      // load.target holds the trace's planned arrivals per second.
      const firstSecond = requests.filter(([offset]) => offset < 1000).length;
      expect(journal.targets().map((event) => event.rps)).toEqual([firstSecond, 30 - firstSecond]);
      expect(journal.total('requests')).toBe(30);
    } finally {
      await server.close();
    }
  });
});

describe('the sample traces shipped in loadprofiles/traces', () => {
  it('read in their formats, as the trace-replay scenario uses them', async () => {
    const azure = readTrace(readFileSync('loadprofiles/traces/azure-style-chat.csv', 'utf8'), 'azure', 'azure');
    const mooncake = readTrace(readFileSync('loadprofiles/traces/mooncake-style-agent.jsonl', 'utf8'), 'mooncake', 'm');
    expect(azure.length).toBeGreaterThan(1000);
    expect(mooncake.length).toBeGreaterThan(500);
    const experiment = await loadExperimentFile('scenarios/trace-replay.ts');
    expect(experiment.load.profile).toMatchObject({ kind: 'trace', format: 'azure', requests: azure });
  });
});
