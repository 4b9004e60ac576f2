import type { Summary } from '../evaluate/summary.js';
import { formatCount, formatMetricValue, formatSeconds } from '../util/format.js';
import { markup } from './markup.js';
import type { Markup } from './markup.js';
import { triggerVerdictWord } from './sections/triggers.js';
import { ruleVerdictWord, sloScope } from './words.js';

/**
 * junit.xml for CI test tabs: one suite each for the run itself (completed, no halt, faults
 * applied and reverted), the SLOs, the rollback rules and the cleanup audit, so a failing verdict
 * always shows as a failing test case. Attribute names follow the JUnit schema CI systems accept (Ant/Surefire): testsuites
 * (name, tests, failures, errors, time), testsuite (name, tests, failures, errors, skipped, time,
 * timestamp), testcase (name, classname, time), failure/skipped (message, type).
 */
interface Case {
  name: string;
  failure?: { message: string; type: string; detail: string };
  skipped?: string;
}

interface Suite {
  name: string;
  cases: Case[];
}

export function renderJunit(summary: Summary): string {
  const suites: Suite[] = [
    runSuite(summary),
    sloSuite(summary),
    rollbackSuite(summary),
    ...(summary.triggers && summary.triggers.length > 0 ? [triggersSuite(summary.triggers)] : []),
    cleanupSuite(summary),
  ];
  const time = runSeconds(summary).toFixed(3);
  const tests = suites.reduce((sum, suite) => sum + suite.cases.length, 0);
  const failures = suites.reduce((sum, suite) => sum + failureCount(suite), 0);
  const document = markup`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${`greenlight: ${summary.experiment}`}" tests="${tests}" failures="${failures}" errors="0" time="${time}">
${suites.map((suite) => renderSuite(suite, summary, time))}</testsuites>
`;
  return document.text;
}

function runSuite(summary: Summary): Suite {
  const failedFaults = summary.faults.filter((fault) => fault.error !== undefined);
  const check = (name: string, failed: boolean, message: string, type: string): Case =>
    failed ? { name, failure: { message, type, detail: message } } : { name };
  return {
    name: 'Run',
    cases: [
      check(
        'run completed',
        summary.endReason !== 'completed' || summary.journalTruncated,
        `the run ended as "${summary.endReason}"${summary.journalTruncated ? ' and its journal was cut off' : ''}`,
        'run',
      ),
      check('no halt condition held', summary.halt !== null, `halted: ${summary.halt?.reason ?? ''}`, 'halt'),
      check(
        'every fault applied and reverted',
        failedFaults.length > 0,
        failedFaults.map((fault) => `${fault.name}: ${fault.error ?? ''}`).join('; '),
        'fault',
      ),
    ],
  };
}

function sloSuite(summary: Summary): Suite {
  return {
    name: 'SLOs',
    cases: summary.slos.map((slo) => {
      const observed = formatMetricValue(slo.metric, slo.observed);
      const detail = [
        `objective: ${slo.objective}`,
        `observed: ${observed} over ${formatCount(slo.requests)} requests`,
        ...(slo.reason ? [slo.reason] : []),
      ].join('\n');
      return {
        name: `${slo.name} (${sloScope(slo.colour, slo.phase)})`,
        ...(slo.pass ? {} : { failure: { message: `${slo.objective}: observed ${observed}`, type: 'slo', detail } }),
      };
    }),
  };
}

function rollbackSuite(summary: Summary): Suite {
  return {
    name: 'Rollback rules',
    cases: summary.rollback.rules.map((rule) => {
      const detail = [
        `condition: ${rule.condition}`,
        `condition met at: ${rule.conditionMetAt ?? 'never'}`,
        `switched at: ${rule.switchedAt ?? 'never'}`,
        `detection: ${formatSeconds(rule.detectionSeconds)} (budget ${formatSeconds(rule.budgetSeconds)})`,
        `failed requests before the switch: ${rule.failedRequestsBeforeSwitch}`,
        `failed requests during the switch: ${rule.failedRequestsDuringSwitch}`,
        rule.explanation,
      ].join('\n');
      const message = `${ruleVerdictWord(rule.verdict)}: ${rule.explanation}`;
      return { name: rule.name, ...(rule.pass ? {} : { failure: { message, type: rule.verdict, detail } }) };
    }),
  };
}

/** One case per trigger definition; a trigger judged on too little traffic is skipped, not failed. */
function triggersSuite(triggers: NonNullable<Summary['triggers']>): Suite {
  return {
    name: 'Triggers',
    cases: triggers.map((trigger) => {
      const name = `${trigger.name} (${trigger.kind}, expects ${trigger.expects})`;
      if (trigger.verdict === 'low-traffic') return { name, skipped: trigger.explanation };
      if (trigger.pass) return { name };
      const detail = [
        `file: ${trigger.file}`,
        `condition: ${trigger.condition}`,
        `condition met at: ${trigger.conditionMetAt ?? 'never'}`,
        `fired at: ${trigger.firedAt ?? 'never'} (${trigger.action})`,
        `detection: ${formatSeconds(trigger.detectionSeconds)} (budget ${formatSeconds(trigger.budgetSeconds)})`,
        `bound: ${trigger.bound.formula}`,
        ...trigger.why.map((line) => `why: ${line}`),
        ...trigger.notes.map((line) => `note: ${line}`),
        trigger.explanation,
      ].join('\n');
      const message = `${triggerVerdictWord(trigger.verdict)}: ${trigger.explanation}`;
      return { name, failure: { message, type: `trigger-${trigger.verdict}`, detail } };
    }),
  };
}

function cleanupSuite(summary: Summary): Suite {
  const name = 'nothing left behind';
  const { cleanup } = summary;
  if (cleanup === null) return { name: 'Cleanup', cases: [{ name, skipped: 'the cleanup audit did not run' }] };
  if (cleanup.clean) return { name: 'Cleanup', cases: [{ name }] };
  const message = `${cleanup.leftovers.length} left over: ${cleanup.leftovers.join('; ')}`;
  return {
    name: 'Cleanup',
    cases: [{ name, failure: { message, type: 'cleanup', detail: cleanup.leftovers.join('\n') } }],
  };
}

function renderSuite(suite: Suite, summary: Summary, time: string): Markup {
  const skipped = suite.cases.filter((testCase) => testCase.skipped !== undefined).length;
  const classname = `greenlight.${summary.experiment}.${suite.name}`;
  return markup`  <testsuite name="${suite.name}" tests="${suite.cases.length}" failures="${failureCount(suite)}" errors="0" skipped="${skipped}" time="${time}" timestamp="${junitTimestamp(summary.startedAt)}">
${suite.cases.map((testCase) => renderCase(testCase, classname))}  </testsuite>
`;
}

function renderCase(testCase: Case, classname: string): Markup {
  const attributes = markup`name="${testCase.name}" classname="${classname}" time="0"`;
  if (testCase.failure) {
    const { message, type, detail } = testCase.failure;
    return markup`    <testcase ${attributes}>
      <failure message="${message}" type="${type}">${detail}</failure>
    </testcase>
`;
  }
  if (testCase.skipped !== undefined) {
    return markup`    <testcase ${attributes}>
      <skipped message="${testCase.skipped}"/>
    </testcase>
`;
  }
  return markup`    <testcase ${attributes}/>
`;
}

function failureCount(suite: Suite): number {
  return suite.cases.filter((testCase) => testCase.failure !== undefined).length;
}

function runSeconds(summary: Summary): number {
  if (summary.endedAt === null) return 0;
  return Math.max(0, (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000);
}

/** The schema's timestamp has no fraction and no zone: the start in UTC. */
function junitTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 19);
}
