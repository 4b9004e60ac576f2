import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../../src/load/workloads/streams/sse-parser.js';
import { SPLITTINGS } from './chunking.js';

function parse(chunks: Uint8Array[]): [string, string][] {
  const events: [string, string][] = [];
  const parser = new SseParser((data, name) => events.push([name, data]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

const STREAM = [
  ': keep-alive comment',
  'data: {"choices":[{"delta":{"content":"héllo wörld ✓ 🚀"}}]}',
  '',
  'event: progress',
  'data: line one',
  'data:line two',
  'data',
  'id: 7',
  '',
  '',
  'data: [DONE]',
  '',
  '',
];

describe.each(SPLITTINGS)('SseParser, chunks %s', (_name, split) => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('frames events with %s line endings', (_ending, newline) => {
    expect(parse(split(STREAM.join(newline)))).toEqual([
      ['message', '{"choices":[{"delta":{"content":"héllo wörld ✓ 🚀"}}]}'],
      ['progress', 'line one\nline two\n'],
      ['message', '[DONE]'],
    ]);
  });

  it('reads the usual one-data-line events the same as any other shape, in any mix', () => {
    const usual = (n: number): string => `data: {"n":${n}}\n\n`;
    const text = `${usual(1)}${usual(2)}event: note\ndata: a\ndata: b\n\n${usual(3)}: comment\n${usual(4)}data:x\n\ndata: [DONE]\n\n`;
    expect(parse(split(text))).toEqual([
      ['message', '{"n":1}'],
      ['message', '{"n":2}'],
      ['note', 'a\nb'],
      ['message', '{"n":3}'],
      ['message', '{"n":4}'],
      ['message', 'x'],
      ['message', '[DONE]'],
    ]);
  });

  it('never dispatches an event cut off before its blank line', () => {
    expect(parse(split('data: first\n\ndata: second\n'))).toEqual([['message', 'first']]);
  });

  it('keeps a value that itself contains colons and strips only one leading space', () => {
    expect(parse(split('data:  a: b\n\n'))).toEqual([['message', ' a: b']]);
  });
});
