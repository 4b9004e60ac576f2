import type { PayloadReader, PayloadReading } from './measure.js';

/** A JSON string body no service sends, put where the content was to prove the template. */
const PROBE = '\\u0000greenlight-probe\\u0000';
const PROBE_VALUE = '\u0000greenlight-probe\u0000';
/** A content value that is not plain text between quotes: the payload is read in full. */
// eslint-disable-next-line no-control-regex -- JSON strings hold control characters only escaped
const NEEDS_DECODING = /["\\\u0000-\u001f]/;
/**
 * How often one stream may learn a template: a first content chunk may carry more (the role)
 * than the ones after it, and a service whose chunks never repeat should cost little.
 */
const MAX_LEARNINGS = 3;

/**
 * Reads the payloads of one stream, parsing each in full only when it differs from the stream's
 * last content chunk in more than its content. A stream's content chunks are the same bytes but
 * for the token, e.g. `{"id":"c1","choices":[{"index":0,"delta":{"content":"␣the"}}]}`, so once
 * one has been read in full, the bytes before and after its content string are a template: a
 * later payload that is exactly prefix + plain text + suffix is read without JSON.parse.
 *
 * This is exact, not a guess: JSON's grammar is context-free, so swapping one string token for
 * another changes only that value; the template is kept only after the payload with a probe
 * string in that place was read in full and gave the probe as its content and nothing else.
 * Anything else (a usage chunk, the final chunk with finish_reason, an escaped character) is
 * read in full by `read`.
 */
export function contentTemplateReader(read: PayloadReader): PayloadReader {
  let prefix: string | undefined;
  let suffix = '';
  let learnings = 0;
  return (payload) => {
    const contentEnd = payload.length - suffix.length;
    // Equality of slices, not startsWith: V8 compares a long matching prefix char by char.
    const fits =
      prefix !== undefined &&
      contentEnd >= prefix.length &&
      payload.slice(0, prefix.length) === prefix &&
      payload.slice(contentEnd) === suffix;
    if (fits) {
      const content = payload.slice((prefix as string).length, contentEnd);
      if (!NEEDS_DECODING.test(content)) return { content };
    }
    const reading = read(payload);
    // A chunk of another shape may start the stream's usual shape: learn it (a few times at most).
    if (!fits && learnings < MAX_LEARNINGS && isContentOnly(reading) && reading.content !== '') {
      const template = learnTemplate(payload, reading.content as string, read);
      if (template) {
        learnings++;
        [prefix, suffix] = template;
      }
    }
    return reading;
  };
}

/** Where `content` sits in `payload`, as [text before it, text after it], proven with a probe. */
function learnTemplate(payload: string, content: string, read: PayloadReader): [string, string] | undefined {
  const encoded = JSON.stringify(content);
  for (let at = payload.indexOf(encoded); at !== -1; at = payload.indexOf(encoded, at + 1)) {
    const prefix = payload.slice(0, at + 1);
    const suffix = payload.slice(at + encoded.length - 1);
    const probe = read(prefix + PROBE + suffix);
    if (probe.content === PROBE_VALUE && isContentOnly(probe)) return [prefix, suffix];
  }
  return undefined;
}

function isContentOnly(reading: PayloadReading): boolean {
  return (
    reading.content !== undefined &&
    reading.error === undefined &&
    reading.inputTokens === undefined &&
    reading.outputTokens === undefined &&
    !reading.done
  );
}
