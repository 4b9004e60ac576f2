import { asRecord, errorText, numberField, parseJsonRecord, stringField } from './json-fields.js';
import type { PayloadReading } from './measure.js';

/**
 * One payload of OpenAI's chat completions, completions or embeddings API: a streamed chunk (`choices[0].delta`), the
 * `[DONE]` terminator, a whole non-streamed response (`choices[0].message`), or an error
 * (`{error: {...}}`, or vLLM's `{object: 'error', message}`).
 */
export function readOpenAiPayload(payload: string): PayloadReading {
  if (payload.trim() === '[DONE]') return { done: true };
  const record = parseJsonRecord(payload);
  if (!record) return { error: `not a JSON object: ${payload.slice(0, 80)}` };
  const error = errorText(record['error']) ?? (record['object'] === 'error' ? errorText(record) : undefined);
  if (error !== undefined) return { error };
  const choices = record['choices'];
  const choice = Array.isArray(choices) ? asRecord(choices[0]) : undefined;
  const usage = asRecord(record['usage']);
  return {
    // Chat chunks carry delta/message content; completions carry the text on the choice itself.
    content: stringField(asRecord(choice?.['delta'] ?? choice?.['message']), 'content') ?? stringField(choice, 'text'),
    inputTokens: numberField(usage, 'prompt_tokens'),
    outputTokens: numberField(usage, 'completion_tokens'),
  };
}
