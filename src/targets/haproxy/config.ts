import { COLOUR_HEADER } from '../../shared/colour.js';

export const HAPROXY_BACKEND = 'greenlight';

export interface HaproxyConfigOptions {
  /** Loopback port the frontend listens on. */
  port: number;
  /** Loopback port of HAProxy's built-in Prometheus exporter (`/metrics`). */
  metricsPort: number;
  /** The runtime API's unix socket. */
  socketPath: string;
  /** host:port of each colour's upstream. */
  servers: { blue: string; green: string };
  /** Initial weights in percent. */
  weights: { blue: number; green: number };
}

/**
 * HAProxy's configuration for a blue/green stack: one frontend on loopback, one backend with the
 * servers `blue` and `green` (HTTP health checks on /health, 2 s each), every response tagged with the
 * colour that served it, and the runtime API at admin level. Nothing buffers or compresses
 * responses, and `option http-no-delay` stops HAProxy from asking the kernel to hold small
 * writes back for fuller packets (about 200 ms on each first token otherwise), so SSE and NDJSON
 * streams pass through as they are produced.
 */
export function haproxyConfig(options: HaproxyConfigOptions): string {
  return [
    'global',
    `  stats socket ${options.socketPath} mode 600 level admin`,
    '  log stderr format raw local0 err',
    'defaults',
    '  mode http',
    '  log global',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-request 10s',
    'frontend greenlight-in',
    `  bind 127.0.0.1:${options.port}`,
    `  default_backend ${HAPROXY_BACKEND}`,
    // HAProxy's own exporter (built into Debian's 2.6), so router-level queries such as
    // haproxy_backend_http_responses_total{code="5xx"} work as they do in production.
    'frontend greenlight-metrics',
    `  bind 127.0.0.1:${options.metricsPort}`,
    '  no log',
    '  http-request use-service prometheus-exporter if { path /metrics }',
    `backend ${HAPROXY_BACKEND}`,
    '  balance roundrobin',
    '  option http-no-delay',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    // Without it a check may take no longer than `inter` (500 ms): a colour that is busy, not
    // down, would be marked down and its traffic moved — a switch no controller made.
    '  timeout check 2s',
    `  http-response set-header ${COLOUR_HEADER} %[srv_name]`,
    `  server blue ${options.servers.blue} weight ${options.weights.blue} check inter 500ms`,
    `  server green ${options.servers.green} weight ${options.weights.green} check inter 500ms`,
    '',
  ].join('\n');
}
