import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** `greenlight load` against an HTTPS target whose certificate (a test-only self-signed one) is trusted or not. */
const TLS = join(import.meta.dirname, '..', 'fixtures', 'tls');
const ANSWER = JSON.stringify({
  choices: [{ message: { content: 'ok' } }],
  usage: { prompt_tokens: 3, completion_tokens: 1 },
});

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(
    { key: readFileSync(join(TLS, 'key.pem')), cert: readFileSync(join(TLS, 'cert.pem')) },
    (request, response) => {
      request.resume().on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(ANSWER);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const LOAD = ['--rate', '20', '--duration', '1s', '--kind', 'chat', '--no-stream'];

describe('greenlight load over HTTPS', () => {
  it('loads a target whose certificate the system trusts (here through NODE_EXTRA_CA_CERTS)', async () => {
    const result = await runCli(['load', '--url', url, ...LOAD], {
      env: { NODE_EXTRA_CA_CERTS: join(TLS, 'cert.pem') },
    });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.stdout).toMatch(/^ {2}rate {6}20 rps of 20 rps planned, 0 dropped$/m);
    expect(result.stdout).toMatch(/^ {2}requests {2}20, 0 % errors \(200 ×20\)$/m);
  });

  it('refuses a certificate nobody trusts rather than loading blindly', async () => {
    const result = await runCli(['load', '--url', url, ...LOAD]);

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not reachable: .*(self-signed|certificate)/i);
  });
});
