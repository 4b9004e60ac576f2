// A minimal OpenAI-compatible server for benchmarks, run in its own process: it answers every
// POST at once, a streamed request with a three-event SSE body, anything else with a small JSON.
import { createServer } from 'node:http';

const CHUNK = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'ok' } }] })}\n\n`;
const USAGE = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 8, completion_tokens: 1 } })}\n\n`;
const STREAM = `${CHUNK}${USAGE}data: [DONE]\n\n`;
const JSON_BODY = JSON.stringify({
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 8, completion_tokens: 1 },
});
const MODELS = JSON.stringify({ object: 'list', data: [{ id: 'bench', object: 'model' }] });

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(MODELS);
    }
    if (body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      return response.end(STREAM);
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON_BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
