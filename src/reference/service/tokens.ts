import type { Random } from '../../util/random.js';

/** Output length when a request names none (OpenAI `max_tokens`, Ollama `options.num_predict`). */
export const DEFAULT_OUTPUT_TOKENS = 64;

/**
 * Prompt tokens are estimated as whitespace-separated words: one word is one token. Load
 * generators build a prompt of N tokens as N words ("tok tok tok"), so the count is exact for them.
 */
export function countPromptTokens(texts: readonly string[]): number {
  let tokens = 0;
  for (const text of texts) tokens += countWords(text);
  return tokens;
}

function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const VOCABULARY = [
  'the',
  'model',
  'answers',
  'with',
  'a',
  'steady',
  'stream',
  'of',
  'plain',
  'words',
  'so',
  'that',
  'every',
  'token',
  'counts',
  'once',
  'and',
  'load',
  'tests',
  'see',
  'real',
  'timing',
  'green',
  'blue',
  'cache',
  'batch',
  'decode',
  'prefill',
  'queue',
  'memory',
  'server',
  'reply',
] as const;

/** The text of one sequence's output tokens: vocabulary words, each followed by a space. */
export class TokenText {
  constructor(private readonly random: Random) {}

  next(): string {
    return `${VOCABULARY[this.random.int(0, VOCABULARY.length - 1)] ?? 'the'} `;
  }
}
