import { extname, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import type { LoadSpec, Profile, SeriesProfile, TraceProfile } from '../../experiment/load-schema.js';
import { PrometheusClient } from '../../metrics/prometheus.js';
import { readTrace, traceFormatOf } from '../workloads/trace-file.js';
import { seriesFromGrafanaCsv, seriesFromPrometheusJson, seriesFromRange } from './recorded-series.js';
import { readRecordedFile } from './recorded-text.js';

/**
 * The files a load spec reads, as written in the experiment (relative to the experiment file):
 * recorded series and traces. `validate` lists and checks them.
 */
export function referencedFiles(load: LoadSpec): string[] {
  const profile = load.profile;
  if (profile && (profile.kind === 'series' || profile.kind === 'trace') && profile.file !== undefined)
    return [profile.file];
  return [];
}

/**
 * The load spec with its recorded profile read in: a series' file or Prometheus query becomes
 * `points`, a trace's file becomes `requests`. Files resolve against `baseDir` (the experiment
 * file's folder); `where` names the experiment in errors. The result is what the journal keeps,
 * so a replay or a re-evaluation never needs the files (or the Prometheus) again. Profiles
 * already holding their data are left as they are.
 */
export async function resolveRecordedLoad(load: LoadSpec, baseDir: string, where: string): Promise<LoadSpec> {
  const profile = load.profile;
  if (!profile) return load;
  return { ...load, profile: await resolveRecordedProfile(profile, baseDir, where) };
}

export async function resolveRecordedProfile(profile: Profile, baseDir: string, where: string): Promise<Profile> {
  if (profile.kind === 'series' && profile.points === undefined) return resolveSeries(profile, baseDir, where);
  if (profile.kind === 'trace' && profile.requests === undefined) return resolveTrace(profile, baseDir, where);
  return profile;
}

async function resolveSeries(profile: SeriesProfile, baseDir: string, where: string): Promise<SeriesProfile> {
  if (profile.prometheus) {
    const { url, query, start, end, step } = profile.prometheus;
    const at = `${where}: load.profile.prometheus`;
    const range = { query, start: epochMs(start, `${at}.start`), end: epochMs(end, `${at}.end`), stepMs: step };
    if (range.end <= range.start) throw new InputError(`${at}: end must come after start`);
    const series = await new PrometheusClient(url).queryRange(range);
    return { ...profile, points: seriesFromRange(series, `${at} (${query})`) };
  }
  const file = profile.file as string;
  const shown = `${where}: load.profile.file ${file}`;
  const text = readRecordedFile(resolve(baseDir, file), shown);
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return { ...profile, points: seriesFromGrafanaCsv(text, shown, profile.column) };
  if (extension === '.json') return { ...profile, points: seriesFromPrometheusJson(text, shown) };
  throw new InputError(`${shown}: expected a .csv (Grafana export) or .json (Prometheus query_range) file`);
}

function resolveTrace(profile: TraceProfile, baseDir: string, where: string): TraceProfile {
  const file = profile.file as string;
  const shown = `${where}: load.profile.file ${file}`;
  const format = traceFormatOf(file, profile.format, shown);
  const text = readRecordedFile(resolve(baseDir, file), shown);
  return { ...profile, format, requests: readTrace(text, format, shown) };
}

function epochMs(value: string | number, where: string): number {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InputError(`${where}: expected RFC 3339 (2026-03-02T09:00:00Z) or Unix seconds, got "${value}"`);
  return ms;
}
