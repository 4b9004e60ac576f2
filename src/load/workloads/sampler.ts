import { InputError } from '../../errors.js';
import type { RequestSpec, Workload } from '../../experiment/load-schema.js';
import type { Random } from '../../util/random.js';
import { PromptWords } from './prompt-words.js';
import { buildRequest, type WorkloadRequest } from './request-body.js';
import { drawTokenCount } from './token-count.js';

/**
 * Draws the requests of a workload: an entry of the weighted mix, its token counts and its
 * prompt, all from one seeded stream. Entries without a model get `defaultModel`.
 */
export class WorkloadSampler {
  private readonly entries: readonly { request: RequestSpec; upTo: number }[];
  private readonly totalWeight: number;
  private readonly words: PromptWords;

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
  }

  next(): WorkloadRequest {
    const spec = this.pick();
    const promptTokens = drawTokenCount(spec.promptTokens, this.random);
    const maxTokens = drawTokenCount(spec.maxTokens, this.random);
    return buildRequest({
      kind: spec.kind,
      model: spec.model ?? this.defaultModel,
      prompt: this.words.prompt(promptTokens),
      promptTokens,
      maxTokens,
      stream: spec.stream,
    });
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
