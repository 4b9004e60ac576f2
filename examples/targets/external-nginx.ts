import type { TargetInput } from 'greenlight';

/**
 * A team's vLLM blue and green behind nginx on a staging cluster, with Argo Rollouts as the
 * controller under test; a TypeScript target file, so the addresses can come from CI variables.
 *
 *   STAGING=llm.staging.internal STAGING_API_TOKEN=… \
 *     greenlight run scenarios/benign-latency.ts --target examples/targets/external-nginx.ts
 *
 * nginx must tag each answer with the colour that served it and pass streamed tokens on as they come:
 *
 *   map $upstream_addr $greenlight_colour { 10.0.0.11:8000 blue; 10.0.0.12:8000 green; default ""; }
 *   location / {
 *     proxy_pass http://llm;
 *     proxy_http_version 1.1;
 *     proxy_buffering off;
 *     add_header x-greenlight-colour $greenlight_colour always;
 *   }
 */
const host = process.env.STAGING ?? 'llm.staging.internal';

export default {
  kind: 'external',
  router: {
    url: `https://${host}`,
    software: 'nginx',
    // Learn the split from the x-greenlight-colour header of the run's own answers; or ask your
    // rollout tool: { kind: 'command', argv: ['./scripts/rollout-split.sh'] } printing {"blue": n, "green": n}.
    observer: { kind: 'response-header' },
    controller: 'user',
  },
  colours: {
    blue: { url: `https://blue.${host}` },
    green: { url: `https://green.${host}`, gpu: { device: 0 } },
  },
  headers: { Authorization: { env: 'STAGING_API_TOKEN', prefix: 'Bearer ' } },
  // The Toxiproxy between nginx and green (nginx's upstream for green is the proxy's listen
  // address). Blue declares none: a network fault on blue is refused.
  toxiproxy: { url: `http://toxiproxy.${host}:8474`, proxies: { green: 'vllm-green' } },
} satisfies TargetInput;
