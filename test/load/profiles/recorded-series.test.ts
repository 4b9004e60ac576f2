import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema, profileSchema, type ProfileInput } from '../../../src/experiment/load-schema.js';
import { arrivalTimes } from '../../../src/load/profiles/arrivals.js';
import { referencedFiles, resolveRecordedProfile } from '../../../src/load/profiles/recorded-sources.js';
import { seriesFromGrafanaCsv, seriesFromPrometheusJson } from '../../../src/load/profiles/recorded-series.js';
import { profileShape } from '../../../src/load/profiles/shape.js';
import { Random } from '../../../src/util/random.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-series-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Grafana's "Download CSV" with Formatted data on: quoted header, CRLF, locale date-times. */
const GRAFANA_FORMATTED = [
  '"Time","sum(rate(http_requests_total[1m]))"',
  '2026-03-02 09:00:00,10',
  '2026-03-02 09:00:30,40',
  '2026-03-02 09:01:00,',
  '2026-03-02 09:01:30,25.5',
].join('\r\n');

describe("a rate series from Grafana's CSV export", () => {
  it('reads formatted times as seconds since the first point, skipping empty cells (gaps)', () => {
    expect(seriesFromGrafanaCsv(GRAFANA_FORMATTED, 'g.csv')).toEqual([
      [0, 10],
      [30, 40],
      [90, 25.5],
    ]);
  });

  it('reads epoch-millisecond times, an Excel sep= line with semicolons, and a named column', () => {
    const csv = ['sep=;', '"Time";"blue";"green"', '1772442000000;1;5', '1772442010000;2;7'].join('\n');
    expect(seriesFromGrafanaCsv(csv, 'g.csv', 'green')).toEqual([
      [0, 5],
      [10, 7],
    ]);
  });

  it('names the file and line of a value that is not a number', () => {
    const csv = ['"Time","rps"', '1772442000000,3', '1772442010000,3.1 K'].join('\n');
    expect(() => seriesFromGrafanaCsv(csv, 'g.csv')).toThrow(/^g\.csv:3: rate "3\.1 K" is not a number/);
  });

  it('names a missing column and a time that goes backwards', () => {
    expect(() => seriesFromGrafanaCsv('"Time","rps"\n1,2\n', 'g.csv', 'errors')).toThrow(
      /g\.csv:1: expected a column "errors"/,
    );
    expect(() => seriesFromGrafanaCsv('"Time","rps"\n2000,2\n1000,3\n', 'g.csv')).toThrow(
      /g\.csv:3: time goes backwards/,
    );
  });
});

describe("a rate series from Prometheus's query_range JSON", () => {
  const answer = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });

  it('reads the one series, NaN points as gaps', () => {
    const text = answer([
      {
        metric: {},
        values: [
          [1772442000, '12'],
          [1772442015, 'NaN'],
          [1772442030, '18.5'],
        ],
      },
    ]);
    expect(seriesFromPrometheusJson(text, 'p.json')).toEqual([
      [0, 12],
      [30, 18.5],
    ]);
  });

  it('refuses several series, saying how to aggregate them', () => {
    const text = answer([
      { metric: { pod: 'a' }, values: [[1, '1']] },
      { metric: { pod: 'b' }, values: [[1, '1']] },
    ]);
    expect(() => seriesFromPrometheusJson(text, 'p.json')).toThrow(
      /exactly one series, got 2; aggregate them .*sum\(rate/,
    );
  });
});

describe('the series profile', () => {
  const series = (input: Omit<Extract<ProfileInput, { kind: 'series' }>, 'kind'>) =>
    profileSchema.parse({ kind: 'series', ...input });

  it('is exact between points (linear), with time compressed by speedup and rates scaled', () => {
    const shape = profileShape(
      series({
        points: [
          [0, 10],
          [60, 70],
          [120, 70],
        ],
        speedup: 12,
        scale: 2,
      }),
    );
    // 60 s of recording last 5 s; the rates are doubled.
    expect(shape.rateAt(0)).toBe(20);
    expect(shape.rateAt(2500)).toBeCloseTo(80, 9);
    expect(shape.rateAt(5000)).toBe(140);
    expect(shape.rateAt(60_000)).toBe(140);
    // Λ(5 s) = the trapezoid (20 + 140) / 2 · 5 s; its inverse is exact too.
    expect(shape.cumulative(5000)).toBeCloseTo(400, 9);
    expect(shape.timeOfCumulative(400)).toBeCloseTo(5000, 6);
  });

  it('puts exactly the planned number of even arrivals in the run', () => {
    const profile = series({
      points: [
        [0, 10],
        [60, 70],
        [120, 40],
      ],
      speedup: 6,
    });
    const offsets = [...arrivalTimes(profile, 20_000, 'even', new Random(1))];
    expect(offsets).toHaveLength(Math.round(profileShape(profile).cumulative(20_000)));
  });

  it('refuses points out of time order and a second source', () => {
    expect(() =>
      series({
        points: [
          [0, 1],
          [0, 2],
        ],
      }),
    ).toThrow(/increasing time order/);
    expect(() =>
      series({ file: 'a.csv', prometheus: { url: 'http://127.0.0.1:9090', query: 'up', start: 0, end: 60 } }),
    ).toThrow(/one source/);
  });

  it('reads its file relative to the experiment folder, and lists it as referenced', async () => {
    writeFileSync(join(folder, 'day.csv'), GRAFANA_FORMATTED);
    const load = loadSchema.parse({ profile: { kind: 'series', file: 'day.csv', speedup: 30 } });
    expect(referencedFiles(load)).toEqual(['day.csv']);
    const resolved = await resolveRecordedProfile(load.profile!, folder, 'exp.ts');
    expect(resolved).toMatchObject({
      kind: 'series',
      file: 'day.csv',
      points: [
        [0, 10],
        [30, 40],
        [90, 25.5],
      ],
    });
    await expect(
      resolveRecordedProfile(profileSchema.parse({ kind: 'series', file: 'missing.csv' }), folder, 'exp.ts'),
    ).rejects.toThrow(/exp\.ts: load\.profile\.file missing\.csv: cannot read it/);
  });
});
