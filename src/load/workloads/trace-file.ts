import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import { parseTimestampMs, readCsvRows } from '../profiles/recorded-text.js';

/** One recorded request: [ms since the first request, input tokens, output tokens]. */
export type TraceRequest = [number, number, number];

export type TraceFormat = 'azure' | 'mooncake';

interface TimedRequest {
  atMs: number;
  inputTokens: number;
  outputTokens: number;
}

/** The format a trace file is in: as given, else by its extension (.csv Azure, .jsonl/.json Mooncake). */
export function traceFormatOf(file: string, given: TraceFormat | undefined, where: string): TraceFormat {
  if (given) return given;
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'azure';
  if (extension === '.jsonl' || extension === '.json') return 'mooncake';
  throw new InputError(`${where}: cannot tell the trace format from "${extension}"; set format: 'azure' or 'mooncake'`);
}

/**
 * Reads a request-level trace into offsets from its first request, sorted by time (stable, so
 * requests at the same instant keep their order). Every bad row fails, naming its line.
 */
export function readTrace(text: string, format: TraceFormat, where: string): TraceRequest[] {
  const rows = format === 'azure' ? azureRows(text, where) : mooncakeRows(text, where);
  if (rows.length === 0) throw new InputError(`${where}: the trace holds no requests`);
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.atMs - b.row.atMs || a.index - b.index);
  const first = sorted[0]!.row.atMs;
  return sorted.map(({ row }) => [row.atMs - first, row.inputTokens, row.outputTokens]);
}

const AZURE_COLUMNS = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;

/**
 * The Azure LLM inference traces (AzurePublicDataset, 2023 and 2024): CSV with a header
 * `TIMESTAMP,ContextTokens,GeneratedTokens`; TIMESTAMP like '2023-11-16 18:17:03.9799600'.
 */
function azureRows(text: string, where: string): TimedRequest[] {
  const [header, ...rows] = readCsvRows(text, where);
  if (!header) return [];
  const index = AZURE_COLUMNS.map((name) => header.fields.findIndex((field) => field.trim() === name));
  if (index.some((at) => at < 0)) {
    throw new InputError(
      `${where}:${header.line}: expected the Azure trace header ${AZURE_COLUMNS.join(',')}; got ${header.fields.join(',')}`,
    );
  }
  const [timeAt, inputAt, outputAt] = index as [number, number, number];
  return rows.map((row) => {
    const at = `${where}:${row.line}`;
    const stamp = row.fields[timeAt] ?? '';
    const atMs = parseTimestampMs(stamp);
    if (atMs === undefined) throw new InputError(`${at}: TIMESTAMP "${stamp}" is not a date-time`);
    return {
      atMs,
      inputTokens: tokenCount(row.fields[inputAt], 'ContextTokens', at),
      outputTokens: tokenCount(row.fields[outputAt], 'GeneratedTokens', at),
    };
  });
}

/**
 * Mooncake traces (JSONL, as AIPerf and Dynamo replay them): one object per line with
 * `timestamp` (ms since the first request), `input_length` and `output_length`; `hash_ids`
 * (prefix-cache blocks) and other fields are ignored.
 */
function mooncakeRows(text: string, where: string): TimedRequest[] {
  const requests: TimedRequest[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const at = `${where}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputError(`${at}: not JSON; expected {"timestamp": ms, "input_length": n, "output_length": n}`);
    }
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const timestamp = record['timestamp'];
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0)
      throw new InputError(`${at}: timestamp: expected milliseconds ≥ 0, got ${JSON.stringify(timestamp)}`);
    requests.push({
      atMs: timestamp,
      inputTokens: tokenCount(record['input_length'], 'input_length', at),
      outputTokens: tokenCount(record['output_length'], 'output_length', at),
    });
  });
  return requests;
}

function tokenCount(value: unknown, field: string, at: string): number {
  const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw new InputError(
      `${at}: ${field}: expected a whole number of tokens ≥ 0, got ${JSON.stringify(value ?? null)}`,
    );
  return count;
}
