import { connect } from 'node:net';

/** Where HAProxy's runtime API listens: `stats socket <path>` or `stats socket ipv4@127.0.0.1:<port>`. */
export type HaproxySocket = { path: string } | { host: string; port: number };

const COMMAND_TIMEOUT_MS = 2000;

/**
 * `/run/haproxy.sock` (or `unix@/run/haproxy.sock`) → a unix socket; `127.0.0.1:9999`,
 * `haproxy.staging:9999`, `[::1]:9999` (or HAProxy's own `ipv4@…`/`ipv6@…` spelling) → a TCP socket.
 */
export function parseHaproxySocket(text: string): HaproxySocket {
  const address = text.replace(/^(?:ipv4|ipv6|unix)@/, '');
  const tcp = /^(?:\[([^\]/]+)\]|([^:/\s[\]]+)):(\d{1,5})$/.exec(address);
  const host = tcp?.[1] ?? tcp?.[2];
  return tcp && host !== undefined && !text.startsWith('unix@') ? { host, port: Number(tcp[3]) } : { path: address };
}

export function describeHaproxySocket(socket: HaproxySocket): string {
  return 'path' in socket ? socket.path : `${socket.host}:${socket.port}`;
}

/**
 * Sends one command in HAProxy's non-interactive mode (one command per connection; HAProxy
 * answers and closes) and resolves with the whole answer.
 */
export function haproxyCommand(socket: HaproxySocket, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = 'path' in socket ? connect(socket.path) : connect(socket.port, socket.host);
    const chunks: Buffer[] = [];
    connection.setTimeout(COMMAND_TIMEOUT_MS, () =>
      connection.destroy(new Error(`no answer to "${command}" within ${COMMAND_TIMEOUT_MS} ms`)),
    );
    connection.on('connect', () => connection.write(`${command}\n`));
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('error', reject);
    connection.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** One line of `show servers state <backend>`. */
export interface ServerState {
  backend: string;
  server: string;
  /** srv_op_state: 0 stopped (health checks failing), 1 starting, 2 running, 3 stopping. */
  opState: number;
  /** srv_admin_state: a bit field; 0x01/0x02/0x04 maintenance, 0x08 drain. */
  adminState: number;
  /** srv_uweight: the weight set by the configuration or `set weight`. */
  weight: number;
  /** srv_iweight: the weight from the configuration. */
  initialWeight: number;
}

const MAINTENANCE_BITS = 0x01 | 0x02 | 0x04 | 0x20;
const DRAIN_BITS = 0x08 | 0x10 | 0x40;

/** Parses `show servers state`: a version line, a `#` header naming the fields, then one line per server. */
export function parseServersState(text: string): ServerState[] {
  const lines = text.split('\n').map((line) => line.trim());
  const header = lines.find((line) => line.startsWith('# '));
  if (header === undefined) throw new Error(`unexpected "show servers state" answer: ${firstLine(text)}`);
  const fields = header.slice(2).split(' ');
  const column = (name: string): number => {
    const index = fields.indexOf(name);
    if (index < 0) throw new Error(`"show servers state" has no ${name} field`);
    return index;
  };
  const at = {
    backend: column('be_name'),
    server: column('srv_name'),
    opState: column('srv_op_state'),
    adminState: column('srv_admin_state'),
    weight: column('srv_uweight'),
    initialWeight: column('srv_iweight'),
  };
  return lines
    .filter((line) => line !== '' && !line.startsWith('#') && line.includes(' '))
    .map((line) => {
      const values = line.split(' ');
      const number = (index: number): number => Number(values[index]);
      return {
        backend: values[at.backend] ?? '',
        server: values[at.server] ?? '',
        opState: number(at.opState),
        adminState: number(at.adminState),
        weight: number(at.weight),
        initialWeight: number(at.initialWeight),
      };
    });
}

/** The weight a server really gets new requests with: 0 while in maintenance, draining or down. */
export function effectiveWeight(state: ServerState): number {
  if ((state.adminState & (MAINTENANCE_BITS | DRAIN_BITS)) !== 0) return 0;
  if (state.opState === 0) return 0;
  return state.weight;
}

/** Per-server counters from `show stat` (CSV), cumulative since HAProxy started. */
export interface ServerCounters {
  backend: string;
  server: string;
  /** Responses from the server (hrsp_1xx … hrsp_other) plus requests that got none (econ, eresp). */
  requests: number;
  /** 5xx responses plus connection and response errors. */
  errors: number;
}

/** Parses `show stat`: a `# pxname,svname,…` header, then one CSV line per frontend, server and backend. */
export function parseStat(text: string): ServerCounters[] {
  const lines = text.split('\n');
  const header = lines.find((line) => line.startsWith('# '));
  if (header === undefined) throw new Error(`unexpected "show stat" answer: ${firstLine(text)}`);
  const fields = header.slice(2).split(',');
  const index = new Map(fields.map((name, position) => [name, position]));
  return lines
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(','))
    .filter((values) => values[1] !== 'FRONTEND' && values[1] !== 'BACKEND')
    .map((values) => {
      const count = (name: string): number => Number(values[index.get(name) ?? -1] || 0);
      const failedWithoutResponse = count('econ') + count('eresp');
      const responses = ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce(
        (sum, name) => sum + count(name),
        0,
      );
      return {
        backend: values[0] ?? '',
        server: values[1] ?? '',
        requests: responses + failedWithoutResponse,
        errors: count('hrsp_5xx') + failedWithoutResponse,
      };
    });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '(empty)';
}
