import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haproxyCommand, parseServersState } from '../../src/shared/haproxy/runtime-api.js';
import { COLOUR_HEADER } from '../../src/shared/colour.js';
import { startUserStack, USER_BACKEND, USER_SERVERS, type UserStack } from '../support/user-stack/index.js';
import { haproxyAvailable } from './haproxy/available.js';

const CHAT = JSON.stringify({ model: 'm', max_tokens: 4, messages: [{ role: 'user', content: 'hello' }] });

/** One chat completion through the router: the status and the colour HAProxy named. */
async function chat(url: string): Promise<{ status: number; colour: string | undefined }> {
  const response = await request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: CHAT,
    headersTimeout: 5000,
    bodyTimeout: 5000,
  });
  await response.body.dump();
  return { status: response.statusCode, colour: response.headers[COLOUR_HEADER] as string | undefined };
}

async function weights(stack: UserStack): Promise<Record<string, number>> {
  const states = parseServersState(
    await haproxyCommand({ path: stack.haproxy.socketPath }, `show servers state ${USER_BACKEND}`),
  );
  return Object.fromEntries(states.map((state) => [state.server, state.weight]));
}

describe.runIf(haproxyAvailable())(
  "a user's stack: HAProxy, Toxiproxy, blue, green and their own rollback script",
  () => {
    let stack: UserStack;

    beforeAll(async () => {
      stack = await startUserStack({ rollback: { threshold: 0.2, window: 3, minRequests: 8, interval: 0.25 } });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('serves both colours through HAProxy and the Toxiproxy proxies, then rolls back to blue when green fails', async () => {
      expect(await weights(stack)).toEqual({ [USER_SERVERS.blue]: 50, [USER_SERVERS.green]: 50 });
      const before = [];
      for (let i = 0; i < 10; i++) before.push(await chat(stack.routerUrl));
      expect(before.every((answer) => answer.status === 200)).toBe(true);
      expect(new Set(before.map((answer) => answer.colour))).toEqual(new Set(['blue', 'green']));

      await stack.setKnobs('green', { errorRate: 0.8 });
      // Bounded load (at most 200 requests, 20 s) until the script has moved green's weight to 0.
      const deadline = Date.now() + 20_000;
      let sent = 0;
      while ((await weights(stack))[USER_SERVERS.green] !== 0) {
        expect(Date.now() < deadline && sent < 200, `no rollback yet; script log:\n${stack.rollbackLog()}`).toBe(true);
        await chat(stack.routerUrl);
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await weights(stack)).toEqual({ [USER_SERVERS.blue]: 100, [USER_SERVERS.green]: 0 });
      expect(stack.rollbackLog()).toMatch(/rolled back to blue: green error rate 0\.\d+/);

      const after = [];
      for (let i = 0; i < 6; i++) after.push(await chat(stack.routerUrl));
      expect(after).toEqual(Array.from({ length: 6 }, () => ({ status: 200, colour: 'blue' })));
    });
  },
);
