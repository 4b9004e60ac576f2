import { afterEach, describe, expect, it } from 'vitest';
import { call, chat, post, Services } from './helpers.js';

const services = new Services();
afterEach(() => services.closeAll());

/** The value of one sample line of a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('exposes requests, latency histograms, tokens, OOMs and the memory gauges', async () => {
    const { url } = await services.start(
      { vramGiB: 1, weightsGiB: 0.5, kvMiBPerToken: 1, prefillBaseMs: 1, decodeMsPerToken: 1 },
      'green',
    );
    await post(url, '/v1/chat/completions', chat(3, 5, { stream: true }));
    await post(url, '/v1/chat/completions', chat(3, 5));
    await post(url, '/v1/chat/completions', chat(600, 5)); // 605 MiB never fits 512 MiB
    await call(url, 'PUT', '/admin/vram-pressure', { gib: 0.25 });

    const answer = await call(url, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const text = answer.text;
    const p = 'greenlight_reference_';
    expect(sample(text, `${p}requests_total{endpoint="/v1/chat/completions",status="200",colour="green"}`)).toBe(2);
    expect(sample(text, `${p}requests_total{endpoint="/v1/chat/completions",status="500",colour="green"}`)).toBe(1);
    expect(sample(text, `${p}time_to_first_token_seconds_count{colour="green",endpoint="/v1/chat/completions"}`)).toBe(
      2,
    );
    expect(sample(text, `${p}e2e_request_latency_seconds_count{colour="green",endpoint="/v1/chat/completions"}`)).toBe(
      2,
    );
    expect(sample(text, `${p}generated_tokens_total{colour="green"}`)).toBe(10);
    expect(sample(text, `${p}oom_errors_total{colour="green"}`)).toBe(1);
    expect(sample(text, `${p}preemptions_total{colour="green"}`)).toBe(0);
    expect(sample(text, `${p}queue_depth{colour="green"}`)).toBe(0);
    expect(sample(text, `${p}running_sequences{colour="green"}`)).toBe(0);
    expect(sample(text, `${p}kv_cache_used_mib{colour="green"}`)).toBe(0);
    expect(sample(text, `${p}kv_cache_budget_mib{colour="green"}`)).toBe(256);
    expect(sample(text, `${p}vram_pressure_mib{colour="green"}`)).toBe(256);
  });
});
