import { basename } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { AlertRule, RulesDefinition } from '../definition.js';
import { durationField, parseDocument, type YamlDocument } from '../documents.js';

/**
 * A Prometheus rule file (docs: configuration/recording_rules.md, alerting_rules.md):
 * `groups[]` with `name`, optional `interval` and `rules[]`, each an alert (`alert`, `expr`,
 * `for`, `labels`, `annotations`) or a recording rule (`record`, `expr`). Without a group
 * `interval` Prometheus uses the global `evaluation_interval`, 1m by default.
 */
const DEFAULT_EVALUATION_INTERVAL = '1m';

const ruleSchema = z.looseObject({
  alert: z.string().min(1).optional(),
  record: z.string().min(1).optional(),
  expr: z.union([z.string().min(1), z.number()], { error: 'required (the PromQL of the rule)' }),
  for: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
});

const fileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: z.string().optional(),
        limit: z.number().optional(),
        rules: z.array(ruleSchema),
      }),
    )
    .min(1, 'expected at least one group'),
});

export function parseRuleFile(document: YamlDocument, evaluationInterval: string | undefined): RulesDefinition {
  const file = parseDocument(fileSchema, document);
  const where = document.where;
  const notes: string[] = [];
  const alerts: AlertRule[] = [];
  file.groups.forEach((group, groupIndex) => {
    const interval = group.interval ?? evaluationInterval ?? DEFAULT_EVALUATION_INTERVAL;
    const intervalField = group.interval === undefined ? 'evaluation interval' : `groups.${groupIndex}.interval`;
    const intervalMs = durationField(interval, where, intervalField);
    group.rules.forEach((rule, ruleIndex) => {
      const field = `groups.${groupIndex}.rules.${ruleIndex}`;
      if ((rule.alert === undefined) === (rule.record === undefined))
        throw new InputError(`${where}: ${field}: give exactly one of alert or record`);
      if (rule.record !== undefined) {
        notes.push(
          `recording rule ${rule.record} is evaluated only offline by promtool; live, an alert reading it sees what the run's Prometheus has`,
        );
        return;
      }
      alerts.push({
        group: group.name,
        alert: rule.alert ?? '',
        expr: String(rule.expr),
        forMs: rule.for === undefined ? 0 : durationField(rule.for, where, `${field}.for`),
        labels: rule.labels,
        intervalMs,
      });
    });
  });
  if (alerts.length === 0) throw new InputError(`${where}: groups: no alerting rule (only recording rules)`);
  if (file.groups.every((group) => group.interval === undefined) && evaluationInterval === undefined)
    notes.push(
      `no group sets interval: evaluated every ${DEFAULT_EVALUATION_INTERVAL}, Prometheus's default evaluation_interval`,
    );
  const evaluationIntervalMs = durationField(
    evaluationInterval ?? DEFAULT_EVALUATION_INTERVAL,
    where,
    'evaluation interval',
  );
  return { kind: 'prometheus-rules', file: where, name: basename(where), alerts, evaluationIntervalMs, notes };
}
