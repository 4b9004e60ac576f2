import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceRouter } from '../../../src/reference/router/index.js';
import type { ReferenceRouterOptions, Weights } from '../../../src/reference/router/index.js';
import type { RunningServer } from '../../../src/reference/server.js';
import { COLOUR_HEADER } from '../../../src/shared/colour.js';
import type { Echo, TestUpstream } from './upstreams.js';
import { closedPortUrl, countColours, routerState, send, startTestUpstream, waitFor } from './upstreams.js';

const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function upstreams(): Promise<{ blue: TestUpstream; green: TestUpstream }> {
  const blue = await startTestUpstream('blue');
  const green = await startTestUpstream('green');
  running.push(blue, green);
  return { blue, green };
}

async function router(
  urls: Record<'blue' | 'green', string>,
  weights: Weights,
  extra: Partial<ReferenceRouterOptions> = {},
): Promise<RunningServer> {
  const started = await startReferenceRouter({
    upstreams: urls,
    weights,
    controller: { enabled: false, rules: [], intervalMs: 100 },
    ...extra,
  });
  running.unshift(started);
  return started;
}

describe('reference router proxy', () => {
  it('splits traffic exactly by weight, interleaved, and tags every response', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: blue.url, green: green.url }, { blue: 70, green: 30 });

    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(await send(`${front.url}/v1/models`));

    expect(countColours(answers)).toEqual({ blue: 70, green: 30 });
    expect(blue.served).toBe(70);
    expect(green.served).toBe(30);
    expect(answers.slice(0, 10).map((answer) => answer.colour)).toContain('green');
    for (const answer of answers) {
      expect((JSON.parse(answer.body) as Echo).colour).toBe(answer.colour);
    }
  });

  it('forwards method, path, query, headers and body, and passes the status through', async () => {
    const { blue, green } = await upstreams();
    blue.status = 201;
    const front = await router({ blue: blue.url, green: green.url }, { blue: 100, green: 0 });

    const response = await request(`${front.url}/v1/chat/completions?stream=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: JSON.stringify({ model: 'sim', messages: [] }),
    });
    const echo = (await response.body.json()) as Echo;

    expect(response.statusCode).toBe(201);
    expect(response.headers[COLOUR_HEADER]).toBe('blue');
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/v1/chat/completions?stream=false');
    expect(echo.headers['x-request-id']).toBe('abc-123');
    expect(echo.headers.host).toBe(new URL(blue.url).host);
    expect(JSON.parse(echo.body)).toEqual({ model: 'sim', messages: [] });
  });

  it('keeps the base path of an upstream URL', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: `${blue.url}/prefix/`, green: green.url }, { blue: 100, green: 0 });

    const echo = JSON.parse((await send(`${front.url}/v1/models`)).body) as Echo;

    expect(echo.url).toBe('/prefix/v1/models');
  });

  it('streams SSE chunk by chunk without buffering and observes the time to the first byte', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: blue.url, green: green.url }, { blue: 0, green: 100 });

    const started = performance.now();
    const response = await request(`${front.url}/sse?chunks=5&gapMs=300`);
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      arrivals.push(performance.now() - started);
      text += chunk.toString('utf8');
    }

    expect(response.headers[COLOUR_HEADER]).toBe('green');
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(text).toContain('data: {"token":1}');
    expect(text).toContain('data: [DONE]');
    // The upstream needs ~1.5 s; the first token must not wait for the last.
    expect(arrivals.length).toBeGreaterThanOrEqual(5);
    const first = arrivals[0] ?? Infinity;
    const last = arrivals[arrivals.length - 1] ?? 0;
    expect(last - first).toBeGreaterThan(900);

    const observed = (await routerState(front.url)).observed.green;
    expect(observed.requests).toBe(1);
    expect(observed.errors).toBe(0);
    expect(observed.ttftP99Ms).not.toBeNull();
    expect(observed.ttftP99Ms ?? Infinity).toBeLessThan((observed.latencyP99Ms ?? 0) - 900);
  });

  it('answers 502 with the colour it tried when the upstream refuses, and counts an error', async () => {
    const { blue } = await upstreams();
    const front = await router({ blue: blue.url, green: await closedPortUrl() }, { blue: 0, green: 100 });

    const answer = await send(`${front.url}/v1/models`);

    expect(answer.status).toBe(502);
    expect(answer.colour).toBe('green');
    expect(answer.body).toMatch(/green upstream .*ECONNREFUSED/);
    const observed = (await routerState(front.url)).observed.green;
    expect(observed).toMatchObject({ requests: 1, errors: 1, errorRate: 1 });
  });

  it('answers 504 with the colour when the upstream sends no headers in time', async () => {
    const { blue, green } = await upstreams();
    const front = await router(
      { blue: blue.url, green: green.url },
      { blue: 100, green: 0 },
      { upstreamTimeoutMs: 300 },
    );

    const answer = await send(`${front.url}/hang`);

    expect(answer.status).toBe(504);
    expect(answer.colour).toBe('blue');
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'upstream_timeout' } });
  });

  it('counts a stream the upstream cuts mid-way as an error and cuts it for the client too', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: blue.url, green: green.url }, { blue: 100, green: 0 });

    const response = await request(`${front.url}/cut`);
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();

    const observed = await waitFor(async () => {
      const blueTraffic = (await routerState(front.url)).observed.blue;
      return blueTraffic.requests > 0 ? blueTraffic : undefined;
    }, 2000);
    expect(observed).toMatchObject({ requests: 1, errors: 1 });
  });

  it('aborts the upstream request when the client goes away, without counting it', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: blue.url, green: green.url }, { blue: 100, green: 0 });

    const client = new AbortController();
    const pending = request(`${front.url}/hang`, { signal: client.signal });
    await waitFor(async () => (blue.served > 0 ? true : undefined), 2000);
    client.abort();
    await expect(pending).rejects.toThrow();

    expect(await waitFor(async () => (blue.abandoned > 0 ? blue.abandoned : undefined), 2000)).toBe(1);
    expect((await routerState(front.url)).observed.blue.requests).toBe(0);
  });

  it('aborts an upstream stream when the client leaves mid-way', async () => {
    const { blue, green } = await upstreams();
    const front = await router({ blue: blue.url, green: green.url }, { blue: 100, green: 0 });

    const client = new AbortController();
    const response = await request(`${front.url}/sse?chunks=50&gapMs=100`, { signal: client.signal });
    const reading = (async () => {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        if (chunk.toString('utf8').includes('"token":2')) client.abort();
      }
    })();
    await expect(reading).rejects.toThrow();

    expect(await waitFor(async () => (blue.abandoned > 0 ? blue.abandoned : undefined), 2000)).toBe(1);
    expect((await routerState(front.url)).observed.blue.requests).toBe(0);
  });
});
