import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOpenSlo } from '../../src/experiment/openslo.js';
import { runCli } from '../support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-openslo-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const source = (query: string): string => `
          metricSource:
            type: Prometheus
            spec:
              query: ${query}`;

const RATIO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: chat-availability
spec:
  service: chat
  budgetingMethod: Occurrences
  indicator:
    metadata: { name: chat-good }
    spec:
      ratioMetric:
        counter: true
        good:${source('requests_total{status=~"2.."}')}
        total:${source('requests_total')}
  objectives:
    - displayName: mostly fine
      target: 0.99
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: chat-errors
spec:
  indicator:
    spec:
      ratioMetric:
        counter: false
        bad:${source('errors_ratio_numerator')}
        total:${source('errors_ratio_denominator')}
  objectives:
    - targetPercent: 99.5
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: queue-depth
spec:
  indicator:
    spec:
      thresholdMetric:${source('max(queue_depth)').replaceAll('\n    ', '\n  ')}
  objectives:
    - op: lte
      value: 10
      target: 0.9
`;

describe('OpenSLO v1 import', () => {
  it('turns ratio and threshold objectives into PromQL SLOs', () => {
    expect(importOpenSlo(file('ratio.yaml', RATIO))).toEqual([
      {
        name: 'chat-availability: mostly fine',
        colour: 'all',
        phase: '*',
        source: {
          promql:
            'sum(increase((requests_total{status=~"2.."})[$__range:])) / sum(increase((requests_total)[$__range:]))',
        },
        over: 'last',
        above: 0.99,
      },
      {
        name: 'chat-errors',
        colour: 'all',
        phase: '*',
        source: { promql: '1 - sum(errors_ratio_numerator) / sum(errors_ratio_denominator)' },
        over: 'last',
        above: 0.995,
      },
      {
        name: 'queue-depth',
        colour: 'all',
        phase: '*',
        source: { promql: 'max(queue_depth)' },
        over: 'share',
        threshold: { op: 'lte', value: 10 },
        above: 0.9,
      },
    ]);
  });

  it.each([
    [
      'a Datadog source',
      RATIO.replace('type: Prometheus', 'type: Datadog'),
      /document 1\): spec\.indicator\.spec\.ratioMetric\.good\.metricSource\.type: only Prometheus sources/,
    ],
    [
      'time slices',
      RATIO.replace('budgetingMethod: Occurrences', 'budgetingMethod: Timeslices'),
      /document 1\): spec\.budgetingMethod: only Occurrences is supported/,
    ],
    [
      'an SLI document',
      'apiVersion: openslo/v1\nkind: SLI\nmetadata: { name: x }\n',
      /: kind: only SLO documents can be imported, got "SLI"/,
    ],
    [
      'a threshold without op',
      RATIO.replace('- op: lte\n      value: 10', '- value: 10'),
      /document 3\): spec\.objectives\[0\]\.op: expected lt, lte, gt or gte/,
    ],
    [
      'a target of 1',
      RATIO.replace('target: 0.99', 'target: 1'),
      /spec\.objectives\[0\]\.target: expected target in \[0, 1\)/,
    ],
  ])('refuses %s, naming the file and the field', (_, text, message) => {
    const path = file('bad.yaml', text);
    expect(() => importOpenSlo(path)).toThrow(message);
    expect(() => importOpenSlo(path)).toThrow(path);
  });

  it('is imported by `greenlight validate` from the experiment field openSlo; a bad file exits 2', async () => {
    file('good.yaml', RATIO);
    file('broken.yaml', RATIO.replace('type: Prometheus', 'type: Datadog'));
    const experiment = (slo: string): string =>
      file(
        `experiment-${slo}.ts`,
        `export default { name: 'openslo', openSlo: '${slo}', load: { profile: { kind: 'constant', rate: 1 } }, phases: [{ name: 'one', duration: '1s' }] };\n`,
      );
    const valid = await runCli(['validate', experiment('good.yaml')]);
    expect(valid.code, valid.stderr).toBe(0);
    const invalid = await runCli(['validate', experiment('broken.yaml')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /experiment-broken\.yaml\.ts: openSlo broken\.yaml \(document 1\): spec\.indicator\.spec\.ratioMetric\.good\.metricSource\.type: only Prometheus sources can be imported, got "Datadog"/,
    );
  });
});
