import { describe, expect, it } from 'vitest';
import type { TriggerResult } from '../../src/evaluate/summary.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import { at, buildFixture } from '../report/fixture.js';

/** The Triggers section and JUnit cases, rendered from a summary that carries trigger results. */
function trigger(overrides: Partial<TriggerResult>): TriggerResult {
  return {
    name: 'green-error-rate',
    file: 'triggers/argo-analysis-template.yaml',
    kind: 'argo',
    expects: 'green errors',
    condition: 'green error rate > 10 % over 5s',
    verdict: 'fired-in-time',
    pass: true,
    conditionMetAt: at(12),
    firedAt: at(17),
    detectionSeconds: 5,
    budgetSeconds: 10,
    action: 'abort the rollout',
    bound: {
      seconds: 9,
      formula: 'error-rate: initialDelay 0ms + interval 2s × (failureLimit 1 + 1) + range 5s = 9s',
      meetsBudget: true,
    },
    why: ['error-rate failed 2 times > failureLimit 1'],
    measurements: [
      { at: at(13), check: 'error-rate', values: [0.02], outcome: 'ok' },
      { at: at(15), check: 'error-rate', values: [0.4], outcome: 'failed' },
      { at: at(17), check: 'error-rate', values: [], outcome: 'error', detail: 'query failed' },
    ],
    explanation: 'It would abort the rollout 5.0s after the condition held (budget 10s).',
    evaluatedWith: 'live',
    notes: [],
    ...overrides,
  };
}

describe('trigger results in the report and JUnit', () => {
  const { summary, events } = buildFixture();
  const triggers = [
    trigger({}),
    trigger({ name: 'late', verdict: 'fired-late', pass: false, explanation: 'late <b>really</b>' }),
    trigger({ name: 'quiet', verdict: 'low-traffic', pass: false, firedAt: null, explanation: 'too little traffic' }),
  ];
  const withTriggers = { ...summary, triggers };

  it('renders one card per trigger with its verdict, bound and a measurement chart', () => {
    const html = renderHtml(withTriggers, buildChartTimeline(withTriggers, events));
    expect(html).toContain('<section id="triggers"><h2>Triggers</h2>');
    expect(html).toContain('fired in time');
    expect(html).toContain('fired late');
    expect(html).toContain('low traffic');
    expect(html).toContain('interval 2s × (failureLimit 1 + 1)');
    expect(html.match(/<svg viewBox/g)).toHaveLength(3);
    expect(html.match(/<circle /g)).toHaveLength(9);
    expect(html).toContain('late &lt;b&gt;really&lt;/b&gt;');
  });

  it('has no Triggers section without triggers', () => {
    expect(renderHtml(summary, buildChartTimeline(summary, events))).not.toContain('id="triggers"');
  });

  it('adds a Triggers suite: a failure for a late trigger, a skip for low traffic', () => {
    const xml = renderJunit(withTriggers);
    expect(xml).toMatch(/<testsuite name="Triggers" tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toContain('type="trigger-fired-late"');
    expect(xml).toContain('<skipped message="too little traffic"/>');
  });
});
