import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError, errorMessage } from '../../errors.js';

/** A recorded file's text; `where` names it in errors (the file as the experiment gives it). */
export function readRecordedFile(path: string, where: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${where}: cannot read it (${errorMessage(error)})`, { cause: error });
  }
}

/** One CSV record with the line it starts on (1-based), for errors that name the line. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Rows of a CSV file as spreadsheet and dashboard exports write them: an optional byte-order
 * mark, an optional Excel `sep=;` first line that names the delimiter, quoted fields, CRLF or LF.
 * Without `sep=`, the delimiter is whichever of `,` `;` or tab the first line holds most of
 * (Grafana uses the browser locale's list separator). Blank lines are skipped.
 */
export function readCsvRows(text: string, where: string): CsvRow[] {
  const withoutBom = text.replace(/^\uFEFF/, '');
  const declared = /^sep=(.)\r?\n/.exec(withoutBom);
  const body = declared ? withoutBom.slice(declared[0].length) : withoutBom;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = declared?.[1] ?? likeliestDelimiter(firstLine);
  const lineOffset = declared ? 1 : 0;
  try {
    const records = parse(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines + lineOffset, fields: record }));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(
      `${where}${line === undefined ? '' : `:${line + lineOffset}`}: not valid CSV (${errorMessage(error)})`,
      {
        cause: error,
      },
    );
  }
}

function likeliestDelimiter(line: string): string {
  const counts = [',', ';', '\t'].map((candidate) => ({ candidate, count: line.split(candidate).length - 1 }));
  return counts.reduce((best, next) => (next.count > best.count ? next : best)).candidate;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch of a timestamp as exports write it: '2023-11-16 18:17:03.9799600'
 * (Azure's traces: 100 ns ticks, more digits than Date.parse takes), '2026-03-02 09:00:00'
 * (Grafana's formatted time) or RFC 3339. A time without a zone is read as UTC: recorded
 * files are used relative to their first row, so only the differences matter. Fractions keep
 * their sub-millisecond part. Undefined when the text is no such timestamp.
 */
export function parseTimestampMs(text: string): number | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const wholeMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(wholeMs)) return undefined;
  const fractionMs = fraction === '' ? 0 : Number(`0.${fraction}`) * 1000;
  return wholeMs + fractionMs - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  if (/^(Z|UTC)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
