import { describe, expect, it } from 'vitest';
import { NdjsonParser } from '../../../../src/load/workloads/streams/ndjson-parser.js';
import { SPLITTINGS } from './chunking.js';

function parse(chunks: Uint8Array[]): unknown[] {
  const values: unknown[] = [];
  const parser = new NdjsonParser((line) => values.push(JSON.parse(line)));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return values;
}

const OBJECTS = [
  { model: 'm', response: 'naïve ', done: false },
  { model: 'm', response: '日本語 🚀', done: false },
  { model: 'm', response: '', done: true, eval_count: 2, prompt_eval_count: 4 },
];

describe.each(SPLITTINGS)('NdjsonParser, chunks %s', (_name, split) => {
  it('yields one value per line, CRLF or LF, skipping blank lines', () => {
    const lines = OBJECTS.map((object) => JSON.stringify(object));
    const text = `${lines[0]}\r\n\n${lines[1]}\n\r\n${lines[2]}\n`;
    expect(parse(split(text))).toEqual(OBJECTS);
  });

  it('takes a last line that has no newline', () => {
    expect(parse(split('{"a":1}\n{"b":2}'))).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
