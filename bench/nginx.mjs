// A one-worker nginx on loopback for the client benchmarks: it outruns both clients, so a ratio
// against autocannon measures the clients, not the server. The config is written into a temp
// folder; every answer is a fixed body served with `return`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';
export const MODEL = 'bench';
/** Scheduling priority of the nginx processes (-20 highest, 0 normal). */
const NGINX_PRIORITY = -10;

/** The non-streamed answer to a small chat request. */
export const JSON_BODY = JSON.stringify({
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 3, completion_tokens: 1 },
});

/** A chat-completions SSE stream of `tokens` one-token chunks, the usage chunk and [DONE]. */
export function sseBody(tokens) {
  const chunk = (content) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
  let body = '';
  for (let k = 0; k < tokens; k++) body += chunk(` tok${k}`);
  body += `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3, completion_tokens: tokens } })}\n\n`;
  return `${body}data: [DONE]\n\n`;
}

const MODELS = JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model' }] });

/** nginx's `return` takes a quoted string: escape what the quoting needs. */
const quoted = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * `return 200` of a body longer than one nginx config token (4 KB): the body is set in parts
 * (`set $part0 '…'`) and returned as their concatenation. The bodies hold no `$`.
 */
function returnLong(body) {
  const parts = [];
  for (let at = 0; at < body.length; at += 3_000) parts.push(body.slice(at, at + 3_000));
  const sets = parts.map((part, index) => `set $part${index} ${quoted(part)};`).join(' ');
  return `${sets} return 200 "${parts.map((_, index) => `$part${index}`).join('')}";`;
}

/**
 * Starts nginx with one worker on 127.0.0.1: `/json/v1/chat/completions` answers JSON_BODY,
 * `/sse/v1/chat/completions` the `tokens`-token stream, any `…/v1/models` the model list.
 * Resolves with { url, jsonUrl, sseUrl, pid, stop() }.
 */
export async function startNginx({ tokens = 64 } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-nginx-'));
  const port = await freePort();
  const config = `
worker_processes 1;
daemon off;
master_process on;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log warn;
events { worker_connections 20000; }
worker_rlimit_nofile 40000;
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path ${folder}/body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location ~ /v1/models$ { default_type application/json; return 200 ${quoted(MODELS)}; }
    location = /json/v1/chat/completions { default_type application/json; return 200 ${quoted(JSON_BODY)}; }
    location = /sse/v1/chat/completions { default_type text/event-stream; ${returnLong(sseBody(tokens))} }
  }
}
`;
  writeFileSync(join(folder, 'nginx.conf'), config);
  const child = spawn(NGINX, ['-p', folder, '-c', join(folder, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  raisePriority(child.pid);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, 5_000, () => child.exitCode !== null);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`nginx did not start: ${error.message}\n${stderr}`);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    jsonUrl: `${url}/json`,
    sseUrl: `${url}/sse`,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The server must outrun both clients for a ratio to compare the clients, also on a machine
 * other work shares: nginx (master and its one worker) gets a higher scheduling priority where
 * the OS allows it. Both clients run at the same, normal priority.
 */
function raisePriority(pid) {
  const raise = (target) => {
    try {
      setPriority(target, NGINX_PRIORITY);
    } catch {
      // Not permitted (not root): the figures are then taken at normal priority.
    }
  };
  raise(pid);
  // The worker is forked after the master starts: raise it once it is there.
  setTimeout(() => {
    for (const worker of childPids(pid)) raise(worker);
  }, 200).unref();
}

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, limitMs, failed) {
  const until = Date.now() + limitMs;
  for (;;) {
    if (failed()) throw new Error('nginx exited');
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
