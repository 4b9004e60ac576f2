import { asRecord, errorText, numberField, parseJsonRecord, stringField } from './json-fields.js';
import type { PayloadReading } from './measure.js';

/**
 * One object of Ollama's /api/generate (`response`) or /api/chat (`message.content`) stream,
 * or a whole non-streamed answer; the last one has `done: true` with `eval_count` and
 * `prompt_eval_count`. Errors come as `{error: '...'}`.
 */
export function readOllamaPayload(payload: string): PayloadReading {
  const record = parseJsonRecord(payload);
  if (!record) return { error: `not a JSON object: ${payload.slice(0, 80)}` };
  const error = errorText(record['error']);
  if (error !== undefined) return { error };
  return {
    content: stringField(record, 'response') ?? stringField(asRecord(record['message']), 'content'),
    inputTokens: numberField(record, 'prompt_eval_count'),
    outputTokens: numberField(record, 'eval_count'),
    done: record['done'] === true,
  };
}
