import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { buildFixture, emptyRunFixture, HOSTILE, hostileFixture } from './fixture.js';
import { findAll, parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

function suiteNamed(root: XmlElement, name: string): XmlElement {
  const suite = findAll(root, 'testsuite').find((candidate) => candidate.attributes.name === name);
  if (!suite) throw new Error(`no testsuite named ${name}`);
  return suite;
}

function counts(element: XmlElement): Record<string, string | undefined> {
  const { tests, failures, errors, skipped } = element.attributes;
  return { tests, failures, errors, skipped };
}

describe('renderJunit', () => {
  it('writes one suite each for the run, SLOs, rollback rules and cleanup, with counts that match the cases', () => {
    const { summary } = buildFixture();
    const root = parseXml(renderJunit(summary));

    expect(root.name).toBe('testsuites');
    expect(findAll(root, 'testsuite').map((suite) => suite.attributes.name)).toEqual([
      'Run',
      'SLOs',
      'Rollback rules',
      'Cleanup',
    ]);
    expect(root.attributes).toMatchObject({ tests: '9', failures: '1', errors: '0', time: '40.000' });
    expect(counts(suiteNamed(root, 'Run'))).toEqual({ tests: '3', failures: '0', errors: '0', skipped: '0' });

    const slos = suiteNamed(root, 'SLOs');
    expect(counts(slos)).toEqual({ tests: '3', failures: '1', errors: '0', skipped: '0' });
    expect(slos.attributes.timestamp).toBe('2025-03-01T12:00:00');
    const failing = findAll(slos, 'testcase').filter((testCase) => findAll(testCase, 'failure').length > 0);
    expect(failing.map((testCase) => testCase.attributes.name)).toEqual(['green errors (green, phase canary)']);
    const [failure] = findAll(failing[0] as XmlElement, 'failure');
    expect(failure?.attributes.message).toBe('error rate < 1 %: observed 23.81 %');
    expect(failure?.text).toContain('over 105 requests');

    const rules = suiteNamed(root, 'Rollback rules');
    expect(counts(rules)).toEqual({ tests: '2', failures: '0', errors: '0', skipped: '0' });
    expect(findAll(rules, 'failure')).toHaveLength(0);

    expect(counts(suiteNamed(root, 'Cleanup'))).toEqual({ tests: '1', failures: '0', errors: '0', skipped: '0' });
  });

  it('fails the run suite when the run was halted, interrupted or a fault could not be applied', () => {
    const { summary } = buildFixture();
    summary.endReason = 'halted';
    summary.halt = { at: '2025-03-01T12:00:20.000Z', reason: 'blue collapses' };
    summary.faults[0]!.error = 'apply failed: connection refused';

    const run = suiteNamed(parseXml(renderJunit(summary)), 'Run');

    expect(counts(run)).toEqual({ tests: '3', failures: '3', errors: '0', skipped: '0' });
    expect(findAll(run, 'failure').map((failure) => failure.attributes.message)).toEqual([
      'the run ended as "halted"',
      'halted: blue collapses',
      'green-latency: apply failed: connection refused',
    ]);
  });

  it('fails a rule that missed and lists cleanup leftovers as a failure', () => {
    const { summary } = buildFixture();
    const [rule] = summary.rollback.rules;
    if (!rule) throw new Error('fixture has no rule');
    Object.assign(rule, { verdict: 'missed', pass: false, switchedAt: null, explanation: 'the router never switched' });
    summary.cleanup = { clean: false, leftovers: ['toxic green-latency on proxy green', 'container green paused'] };

    const root = parseXml(renderJunit(summary));

    const [ruleFailure] = findAll(suiteNamed(root, 'Rollback rules'), 'failure');
    expect(ruleFailure?.attributes).toEqual({ message: 'missed: the router never switched', type: 'missed' });
    expect(ruleFailure?.text).toContain('switched at: never');
    const [cleanupFailure] = findAll(suiteNamed(root, 'Cleanup'), 'failure');
    expect(cleanupFailure?.text.split('\n')).toEqual(['toxic green-latency on proxy green', 'container green paused']);
    expect(root.attributes.failures).toBe('3');
  });

  it('marks a missing cleanup audit as skipped and handles a run with no SLOs or rules', () => {
    const root = parseXml(renderJunit(emptyRunFixture().summary));

    expect(counts(suiteNamed(root, 'SLOs'))).toEqual({ tests: '0', failures: '0', errors: '0', skipped: '0' });
    expect(counts(suiteNamed(root, 'Rollback rules'))).toEqual({
      tests: '0',
      failures: '0',
      errors: '0',
      skipped: '0',
    });
    const cleanup = suiteNamed(root, 'Cleanup');
    expect(counts(cleanup)).toEqual({ tests: '1', failures: '0', errors: '0', skipped: '1' });
    expect(findAll(cleanup, 'skipped')[0]?.attributes.message).toBe('the cleanup audit did not run');
    expect(root.attributes.time).toBe('0.000');
  });

  it('escapes names and messages so hostile text stays text, and drops characters XML forbids', () => {
    const { summary } = hostileFixture();
    const [slo] = summary.slos;
    if (!slo) throw new Error('fixture has no SLO');
    Object.assign(slo, { pass: false, reason: 'bell\u0007 and <tag> & "quote" \ud800' });

    const root = parseXml(renderJunit(summary));

    expect(root.attributes.name).toBe(`greenlight: ${summary.experiment}`);
    expect(findAll(root, 'img')).toHaveLength(0);
    const [failure] = findAll(suiteNamed(root, 'SLOs'), 'failure');
    expect(failure?.text.split('\n').at(-1)).toBe('bell and <tag> & "quote" ');
    const names = findAll(root, 'testcase').map((testCase) => testCase.attributes.name ?? '');
    expect(names.filter((name) => name.includes(HOSTILE))).toHaveLength(5);
  });
});
