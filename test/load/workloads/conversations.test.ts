import { afterEach, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../src/experiment/load-schema.js';
import { NativeEngine } from '../../../src/load/engines/native/index.js';
import { WorkloadSampler } from '../../../src/load/workloads/sampler.js';
import { Random } from '../../../src/util/random.js';
import { MemoryJournal } from '../helpers/journal.js';
import { fastJson, startServer, type TestServer } from '../helpers/servers.js';
import { planFor } from '../engines/native/plan.js';

type Message = { role: string; content: string };
const messagesOf = (body: string): Message[] => (JSON.parse(body) as { messages: Message[] }).messages;

describe('multi-turn conversations in the sampler', () => {
  const workload = workloadSchema.parse({ mix: [{ request: { kind: 'chat', turns: 3, promptTokens: 2 } }] });

  it('continues a conversation whose last turn was answered, carrying every turn so far', () => {
    const sampler = new WorkloadSampler(workload, 'm', new Random(1));
    const first = sampler.next();
    expect(messagesOf(first.body).map((m) => m.role)).toEqual(['user']);
    sampler.answered(first, 'first answer');
    const second = sampler.next();
    const messages = messagesOf(second.body);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]!.content).toBe('first answer');
    expect(second.promptTokens).toBe(2 + 2 + 2);
    sampler.answered(second, 'second answer');
    const third = sampler.next();
    expect(messagesOf(third.body)).toHaveLength(5);
    // The last turn closes the conversation: the next request starts a new one.
    sampler.answered(third, 'third answer');
    expect(messagesOf(sampler.next().body)).toHaveLength(1);
  });

  it('starts a new conversation while the others wait for answers, and ends one whose turn failed', () => {
    const sampler = new WorkloadSampler(workload, 'm', new Random(1));
    const a = sampler.next();
    const b = sampler.next();
    expect(messagesOf(b.body)).toHaveLength(1);
    sampler.answered(a, undefined);
    expect(messagesOf(sampler.next().body)).toHaveLength(1);
    sampler.answered(b, 'answer');
    expect(messagesOf(sampler.next().body)).toHaveLength(3);
  });
});

describe('multi-turn conversations through the engine', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // 250 ms between arrivals: each answer (a few ms on loopback) is back before the next turn is due.
  it('sends each turn with the previous turns and the answers the service gave', async () => {
    server = await startServer(fastJson('blue'));
    const plan = planFor(
      server.url,
      {
        profile: { kind: 'constant', rate: 4 },
        workload: { mix: [{ request: { kind: 'chat', stream: false, turns: 3 } }] },
      },
      3_000,
    );
    await new NativeEngine().run(plan, new MemoryJournal(), new AbortController().signal);

    const conversations = server.bodies.map((body) => body['messages'] as Message[]);
    expect(conversations.map((messages) => messages.length)).toEqual([1, 3, 5, 1, 3, 5, 1, 3, 5, 1, 3, 5]);
    expect(conversations[2]!.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['ok ok', 'ok ok']);
    expect(conversations[2]!.slice(0, 3)).toEqual(conversations[1]);
  });
});
