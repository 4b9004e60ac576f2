import { describe, expect, it } from 'vitest';
import {
  MalformedResponseError,
  ResponseParser,
  type ResponseHead,
} from '../../../../../src/load/engines/native/http1/response-parser.js';

interface Message {
  head: ResponseHead;
  body: string;
  ended: boolean;
}

/** Feeds the bytes in the given pieces and returns every response read, ended or not. */
function read(pieces: Buffer[], options: { closeAtEnd?: boolean } = {}): Message[] {
  const messages: (Omit<Message, 'body'> & { body: Buffer[] })[] = [];
  const parser = new ResponseParser({
    onHead: (head) => messages.push({ head, body: [], ended: false }),
    onBody: (chunk) => messages.at(-1)?.body.push(Buffer.from(chunk)),
    onEnd: () => void (messages.at(-1)!.ended = true),
  });
  for (const piece of pieces) parser.execute(piece);
  if (options.closeAtEnd) parser.finish();
  return messages.map((message) => ({ ...message, body: Buffer.concat(message.body).toString('utf8') }));
}

/** The bytes whole, split at every possible place into two, and one byte at a time. */
function splittings(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8');
  const ways: Buffer[][] = [[bytes]];
  for (let at = 1; at < bytes.length; at++) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  ways.push([...bytes].map((byte) => Buffer.of(byte)));
  return ways;
}

const CASES: [string, string, Partial<ResponseHead> & { body: string }, { closeAtEnd?: boolean }?][] = [
  [
    'Content-Length, headers as the server spelled them',
    'HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Greenlight-Colour: green\r\nContent-Length: 12\r\n\r\n{"ok":"hé"}',
    {
      status: 200,
      keepAlive: true,
      headers: ['Server', 'nginx', 'X-Greenlight-Colour', 'green', 'Content-Length', '12'],
      body: '{"ok":"hé"}',
    },
  ],
  [
    'chunked, with extensions and trailers',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\ndata:\r\n3 ;q=1\r\n ok\r\n0\r\nx-trailer: 1\r\n\r\n',
    { status: 200, keepAlive: true, body: 'data: ok' },
  ],
  [
    'bare LF line ends',
    'HTTP/1.1 201 Created\ncontent-length: 2\n\nhi',
    { status: 201, keepAlive: true, headers: ['content-length', '2'], body: 'hi' },
  ],
  [
    'an interim 100 Continue before the answer',
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nyes',
    { status: 200, body: 'yes' },
  ],
  [
    '204 without a body, whatever its length says',
    'HTTP/1.1 204 No Content\r\ncontent-length: 9\r\n\r\n',
    { status: 204, keepAlive: true, body: '' },
  ],
  [
    'Connection: close',
    'HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\ncontent-length: 1\r\n\r\nx',
    { keepAlive: false, body: 'x' },
  ],
  [
    'HTTP/1.0 closes unless kept alive',
    'HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\nx',
    { keepAlive: false, body: 'x' },
  ],
  [
    'HTTP/1.0 kept alive',
    'HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 1\r\n\r\nx',
    { keepAlive: true, body: 'x' },
  ],
  [
    'Transfer-Encoding overrides Content-Length',
    'HTTP/1.1 200 OK\r\ncontent-length: 99\r\ntransfer-encoding: gzip, chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n',
    { keepAlive: true, body: 'ab' },
  ],
  [
    'a body without length runs until the close',
    'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end',
    { keepAlive: false, body: 'until the end' },
    { closeAtEnd: true },
  ],
  [
    'a coding list not ending in chunked runs until the close',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nzzz',
    { keepAlive: false, body: 'zzz' },
    { closeAtEnd: true },
  ],
];

describe('ResponseParser', () => {
  it.each(CASES)('%s: read the same however the bytes are split', (_name, text, expected, options) => {
    const { body, ...head } = expected;
    for (const pieces of splittings(text)) {
      const messages = read(pieces, options);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toEqual({ head: expect.objectContaining(head), body, ended: true });
    }
  });

  it('reads consecutive responses on one connection', () => {
    const one = 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\na';
    const two = 'HTTP/1.1 503 Busy\r\ntransfer-encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n';
    for (const pieces of splittings(one + two + one)) {
      expect(read(pieces).map((message) => [message.head.status, message.body, message.ended])).toEqual([
        [200, 'a', true],
        [503, 'b', true],
        [200, 'a', true],
      ]);
    }
  });

  it('hands the body on as it arrives and does not end a message before its last byte', () => {
    const messages = read([Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf ')]);
    expect(messages).toEqual([expect.objectContaining({ body: 'half ', ended: false })]);
    const untilClose = read([Buffer.from('HTTP/1.1 200 OK\r\n\r\nopen')]);
    expect(untilClose[0]?.ended).toBe(false);
  });

  it.each([
    ['not HTTP at all', 'NOT HTTP AT ALL\r\n\r\n', /expected a status line/],
    ['HTTP/2 framing', 'HTTP/2 200\r\n\r\n', /expected a status line/],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', /expected a header field/],
    ['a folded header', 'HTTP/1.1 200 OK\r\na: b\r\n  c\r\n\r\n', /folded header/],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\ncontent-length: 1x\r\n\r\n', /bad Content-Length "1x"/],
    [
      'two different lengths',
      'HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n',
      /bad Content-Length/,
    ],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', /bad chunk size "zz"/],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nab\r\n',
      /longer than its size/,
    ],
  ])('refuses %s', (_name, text, message) => {
    expect(() => read([Buffer.from(text)])).toThrow(MalformedResponseError);
    expect(() => read([Buffer.from(text)])).toThrow(message);
  });

  it('refuses a head that never ends before 64 KiB', () => {
    const endless = Buffer.from(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(70_000)}`);
    expect(() => read([endless])).toThrow(/larger than 64 KiB/);
  });
});
