import { InputError } from '../../errors.js';
import type { RequestSpec, Workload } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';
import { countWords, readDataset, type ChatMessage, type DatasetPrompt } from './dataset.js';
import { PromptWords } from './prompt-words.js';
import { buildRequest, type Conversation, type RequestDraw, type WorkloadRequest } from './request-body.js';
import { drawTokenCount } from './token-count.js';
import type { RequestShape } from './trace-requests.js';

/**
 * Draws the requests of a workload: an entry of the weighted mix, its token counts and its
 * prompt (generated words, or a line of the entry's dataset), all from one seeded stream.
 * Entries without a model get `defaultModel`.
 */
export class WorkloadSampler {
  private readonly entries: readonly { request: RequestSpec; upTo: number }[];
  private readonly totalWeight: number;
  private readonly words: PromptWords;
  /** Each dataset file read once, however many entries of the mix use it. */
  private readonly datasets = new Map<string, DatasetPrompt[]>();
  /** Conversations whose last turn was answered, oldest first, per entry of the mix. */
  private readonly waiting = new Map<RequestSpec, Conversation[]>();
  /** The entry each conversation with a turn in flight belongs to. */
  private readonly owners = new Map<Conversation, RequestSpec>();

  constructor(
    workload: Workload,
    private readonly defaultModel: string,
    private readonly random: Random,
  ) {
    let upTo = 0;
    this.entries = workload.mix.map((entry) => {
      upTo += entry.weight;
      return { request: entry.request, upTo };
    });
    if (this.entries.length === 0) throw new InputError('load.workload.mix: expected at least one request');
    this.totalWeight = upTo;
    this.words = new PromptWords(random.stream('prompt-words'));
    for (const { request } of workload.mix) {
      if (request.dataset !== undefined && !this.datasets.has(request.dataset))
        this.datasets.set(request.dataset, readDataset(request.dataset));
    }
  }

  /** The next request; `shape` (a trace's recorded token counts) replaces the drawn ones. */
  next(shape?: RequestShape): WorkloadRequest {
    const spec = this.pick();
    const maxTokens = shape?.maxTokens ?? drawTokenCount(spec.maxTokens, this.random);
    const prompt = this.prompt(spec, shape?.promptTokens);
    const draw: RequestDraw = {
      kind: spec.kind,
      model: spec.model ?? this.defaultModel,
      stream: spec.stream,
      prompt: prompt.prompt,
      messages: prompt.messages,
      promptTokens: prompt.promptTokens,
      maxTokens: prompt.maxTokens ?? maxTokens,
    };
    const turns = 'turns' in spec ? spec.turns : 1;
    if (turns === 1) return buildRequest(draw);

    // A waiting conversation of this entry takes the turn; with none waiting a new one starts.
    const conversation = this.waiting.get(spec)?.shift() ?? { messages: [], promptTokens: 0, turnsLeft: turns };
    conversation.messages.push(...prompt.messages);
    conversation.promptTokens += prompt.promptTokens;
    conversation.turnsLeft--;
    draw.messages = [...conversation.messages];
    draw.promptTokens = conversation.promptTokens;
    const request = buildRequest(draw);
    if (conversation.turnsLeft > 0) {
      this.owners.set(conversation, spec);
      request.conversation = conversation;
    }
    return request;
  }

  /**
   * A turn's answer arrived: its conversation waits for its next turn. Without an answer (the turn
   * failed) the conversation ends, as a user would give up.
   */
  answered(request: WorkloadRequest, reply: string | undefined): void {
    const conversation = request.conversation;
    if (!conversation) return;
    const spec = this.owners.get(conversation);
    this.owners.delete(conversation);
    if (reply === undefined || !spec) return;
    conversation.messages.push({ role: 'assistant', content: reply });
    conversation.promptTokens += countWords(reply);
    let queue = this.waiting.get(spec);
    if (!queue) this.waiting.set(spec, (queue = []));
    queue.push(conversation);
  }

  private prompt(
    spec: RequestSpec,
    recordedPromptTokens: number | undefined,
  ): {
    prompt: string;
    messages: ChatMessage[];
    promptTokens: number;
    maxTokens?: number;
  } {
    const dataset = spec.dataset === undefined ? undefined : this.datasets.get(spec.dataset);
    if (dataset) {
      const line = dataset[this.random.int(0, dataset.length - 1)] as DatasetPrompt;
      return {
        prompt: line.text,
        messages: line.messages,
        promptTokens: line.promptTokens,
        ...(line.maxTokens !== undefined && { maxTokens: line.maxTokens }),
      };
    }
    const promptTokens = recordedPromptTokens ?? drawTokenCount(spec.promptTokens, this.random);
    const prompt = this.words.prompt(promptTokens);
    return { prompt, messages: [{ role: 'user', content: prompt }], promptTokens };
  }

  private pick(): RequestSpec {
    const point = this.random.next() * this.totalWeight;
    const entry = this.entries.find((candidate) => point < candidate.upTo) ?? this.entries[this.entries.length - 1];
    return (entry as { request: RequestSpec }).request;
  }
}

/** True when some entry of the mix leaves the model to the service. */
export function needsDefaultModel(workload: Workload): boolean {
  return workload.mix.some((entry) => entry.request.model === undefined);
}
