import { InputError } from '../../errors.js';
import type { RequestSpec, Workload } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';
import type { ChatMessage, DatasetPrompt } from './dataset.js';
import { PromptWords } from './prompt-words.js';
import { buildRequest, type Conversation, type RequestDraw, type WorkloadRequest } from './request-body.js';
import { drawTokenCount } from './token-count.js';
import type { RequestShape } from './trace-requests.js';
import { countWords } from './word-count.js';

/** The prompts of each dataset file the workload names, by the path it names it with. */
export type WorkloadDatasets = ReadonlyMap<string, readonly DatasetPrompt[]>;

/** What the seeded draws decided for one request, before any text is built. */
interface Draw {
  spec: RequestSpec;
  maxTokens: number;
  /** A line of the entry's dataset, or where generated words start and how many. */
  prompt: DatasetPrompt | { words: number; offset: number };
}

/**
 * Draws the requests of a workload: an entry of the weighted mix, its token counts and its
 * prompt (generated words, or a line of the entry's dataset), all from one seeded stream.
 * Entries without a model get `defaultModel`. The datasets are read by the caller
 * (readWorkloadDatasets) and handed over, so this module needs no file system: the k6 script
 * bundles it with the prompts inlined as plain data.
 */
export class WorkloadSampler {
  private readonly entries: readonly { request: RequestSpec; upTo: number }[];
  private readonly totalWeight: number;
  private readonly words: PromptWords;
  /** Conversations whose last turn was answered, oldest first, per entry of the mix. */
  private readonly waiting = new Map<RequestSpec, Conversation[]>();
  /** The entry each conversation with a turn in flight belongs to. */
  private readonly owners = new Map<Conversation, RequestSpec>();

  constructor(
    workload: Workload,
    private readonly defaultModel: string,
    private readonly random: Random,
    private readonly datasets: WorkloadDatasets = new Map(),
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
      if (request.dataset !== undefined && !datasets.has(request.dataset))
        throw new InputError(`load.workload dataset ${request.dataset}: not read before sampling`);
    }
  }

  /** The next request; `shape` (a trace's recorded token counts) replaces the drawn ones. */
  next(shape?: RequestShape): WorkloadRequest {
    const { spec, maxTokens, prompt } = this.draw(shape);
    const text = 'text' in prompt ? prompt.text : this.words.text(prompt.offset, prompt.words);
    const messages = 'text' in prompt ? prompt.messages : [{ role: 'user', content: text }];
    const promptTokens = 'text' in prompt ? prompt.promptTokens : prompt.words;
    const draw: RequestDraw = {
      kind: spec.kind,
      model: spec.model ?? this.defaultModel,
      stream: spec.stream,
      prompt: text,
      messages,
      promptTokens,
      maxTokens: ('text' in prompt ? prompt.maxTokens : undefined) ?? maxTokens,
    };
    const turns = 'turns' in spec ? spec.turns : 1;
    if (turns === 1) return buildRequest(draw);

    // A waiting conversation of this entry takes the turn; with none waiting a new one starts.
    const conversation = this.waiting.get(spec)?.shift() ?? { messages: [], promptTokens: 0, turnsLeft: turns };
    conversation.messages.push(...messages);
    conversation.promptTokens += promptTokens;
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
   * Makes the draws of one request without building it, for an arrival that is not sent here
   * (another worker's, or a dropped one): the request drawn next is then the one the whole
   * run's sequence has at that place, however the arrivals are shared out.
   */
  skip(shape?: RequestShape): void {
    this.draw(shape);
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
    conversation.messages.push({ role: 'assistant', content: reply } satisfies ChatMessage);
    conversation.promptTokens += countWords(reply);
    let queue = this.waiting.get(spec);
    if (!queue) this.waiting.set(spec, (queue = []));
    queue.push(conversation);
  }

  private draw(shape: RequestShape | undefined): Draw {
    const spec = this.pick();
    const maxTokens = shape?.maxTokens ?? drawTokenCount(spec.maxTokens, this.random);
    const dataset = spec.dataset === undefined ? undefined : this.datasets.get(spec.dataset);
    if (dataset) return { spec, maxTokens, prompt: dataset[this.random.int(0, dataset.length - 1)] as DatasetPrompt };
    const words = shape?.promptTokens ?? drawTokenCount(spec.promptTokens, this.random);
    return { spec, maxTokens, prompt: { words, offset: this.words.offset() } };
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
