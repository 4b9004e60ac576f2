/** The names the user's HAProxy gives its parts: not greenlight's, so observers must map them. */
export const USER_BACKEND = 'llm_pool';
export const USER_SERVERS = { blue: 'vllm-blue-1', green: 'vllm-green-1' } as const;

export interface UserHaproxyConfig {
  port: number;
  /** The runtime API, on both a unix socket and a loopback TCP port (teams use either). */
  socketPath: string;
  runtimeApiPort: number;
  /** The Prometheus exporter (HAProxy's built-in service), on its own frontend. */
  metricsPort: number;
  /** host:port of each colour's Toxiproxy listener. */
  servers: { blue: string; green: string };
  weights: { blue: number; green: number };
  /** The fix for first-token delay; a team that has not found it yet leaves it out. */
  httpNoDelay: boolean;
}

/** A team's HAProxy configuration for blue/green, written as such a team would write it. */
export function userHaproxyConfig(config: UserHaproxyConfig): string {
  return [
    'global',
    `  stats socket ${config.socketPath} mode 600 level admin`,
    `  stats socket ipv4@127.0.0.1:${config.runtimeApiPort} level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    'frontend chat_in',
    `  bind 127.0.0.1:${config.port}`,
    `  default_backend ${USER_BACKEND}`,
    'frontend metrics',
    `  bind 127.0.0.1:${config.metricsPort}`,
    '  http-request use-service prometheus-exporter if { path /metrics }',
    `backend ${USER_BACKEND}`,
    '  balance roundrobin',
    ...(config.httpNoDelay ? ['  option http-no-delay'] : []),
    '  option httpchk GET /health',
    `  http-response set-header x-greenlight-colour blue if { srv_name ${USER_SERVERS.blue} }`,
    `  http-response set-header x-greenlight-colour green if { srv_name ${USER_SERVERS.green} }`,
    `  server ${USER_SERVERS.blue} ${config.servers.blue} weight ${config.weights.blue} check inter 500ms`,
    `  server ${USER_SERVERS.green} ${config.servers.green} weight ${config.weights.green} check inter 500ms`,
    '',
  ].join('\n');
}
