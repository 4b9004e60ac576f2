import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../src/util/free-port.js';
import { spawnHeld } from '../../src/util/held-process.js';

/** Debian's nginx-light. */
export const NGINX = '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
  if (existsSync(NGINX)) return true;
  if (process.env.CI) throw new Error(`${NGINX} is missing; under CI the nginx suites must not skip`);
  process.stderr.write(`skipping the nginx suites: ${NGINX} is not installed (apt-get install nginx-light)\n`);
  return false;
}

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * One nginx worker reverse-proxying 127.0.0.1 to `upstream` (host:port) with the `location`
 * directives given — e.g. the stock `proxy_pass` alone (buffered, HTTP/1.0 upstream), or with
 * `proxy_buffering off; proxy_http_version 1.1;` — in a private folder, held by this process's life.
 */
export async function startNginx(upstream: string, locationDirectives: readonly string[]): Promise<RunningNginx> {
  const prefix = await mkdtemp(join(tmpdir(), 'greenlight-nginx-'));
  const port = await freeLoopbackPort();
  const config = `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${upstream};
      ${locationDirectives.join('\n      ')}
    }
  }
}
`;
  await writeFile(join(prefix, 'nginx.conf'), config);
  const nginx = spawnHeld(NGINX, ['-e', 'stderr', '-p', prefix, '-c', join(prefix, 'nginx.conf')]);
  const stop = async (): Promise<void> => {
    await nginx.stop();
    await rm(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (nginx.child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start: ${nginx.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
