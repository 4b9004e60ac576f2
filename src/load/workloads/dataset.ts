import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, errorMessage } from '../../errors.js';
import { countWords } from './word-count.js';

export { countWords };

const messageSchema = z.object({ role: z.string().min(1), content: z.string() }).strict();

const lineSchema = z
  .object({
    prompt: z.string().optional(),
    messages: z.array(messageSchema).min(1).optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .strict()
  .refine(
    (line) => (line.prompt === undefined) !== (line.messages === undefined),
    'give exactly one of "prompt" or "messages"',
  );

export type ChatMessage = z.output<typeof messageSchema>;

/** One prompt of a dataset, ready for any request kind. */
export interface DatasetPrompt {
  /** The whole prompt as one text: the prompt, or the messages' contents joined. */
  text: string;
  /** As given, or one user message holding the prompt. */
  messages: ChatMessage[];
  /** Words, the reference service's token count; an estimate for other services. */
  promptTokens: number;
  maxTokens: number | undefined;
}

/** Reads a JSONL dataset of prompts; errors name the file and line. Blank lines are skipped. */
export function readDataset(path: string): DatasetPrompt[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read it (${errorMessage(error)})`, { cause: error });
  }
  const prompts: DatasetPrompt[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputError(`${where}: not JSON; expected {"prompt": "..."} or {"messages": [...]}`);
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success)
      throw new InputError(`${where}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    const { prompt, messages, maxTokens } = parsed.data;
    const chat = messages ?? [{ role: 'user', content: prompt ?? '' }];
    const whole = prompt ?? chat.map((message) => message.content).join('\n');
    prompts.push({ text: whole, messages: chat, promptTokens: countWords(whole), maxTokens });
  });
  if (prompts.length === 0) throw new InputError(`${path}: the dataset holds no prompts`);
  return prompts;
}
