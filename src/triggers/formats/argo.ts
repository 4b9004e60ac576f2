import { z } from 'zod';
import { InputError, errorMessage } from '../../errors.js';
import type { ArgoDefinition, ArgoMetric } from '../definition.js';
import { durationField, parseDocument, wholeNumberField, type YamlDocument } from '../documents.js';
import { compileCondition } from '../expr-lang.js';

/**
 * Argo Rollouts `AnalysisTemplate` / `ClusterAnalysisTemplate` (argoproj.io/v1alpha1), as
 * pkg/apis/rollouts/v1alpha1/analysis_types.go defines it. Only the fields that decide when the
 * analysis fails are read; other keys (address, timeout, headers, dryRun …) are allowed.
 */
const intOrString = z.union([z.number(), z.string()]).optional();

const metricSchema = z.looseObject({
  name: z.string().min(1),
  interval: z.string().optional(),
  initialDelay: z.string().optional(),
  count: intOrString,
  successCondition: z.string().optional(),
  failureCondition: z.string().optional(),
  failureLimit: intOrString,
  inconclusiveLimit: intOrString,
  consecutiveErrorLimit: intOrString,
  provider: z.record(z.string(), z.unknown()),
});

const templateSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.enum(['AnalysisTemplate', 'ClusterAnalysisTemplate']),
  metadata: z.looseObject({ name: z.string().min(1) }),
  spec: z.looseObject({
    args: z
      .array(z.looseObject({ name: z.string().min(1), value: z.union([z.string(), z.number()]).optional() }))
      .default([]),
    metrics: z.array(z.unknown()).min(1, 'expected at least one metric'),
    dryRun: z.array(z.looseObject({ metricName: z.string() })).default([]),
  }),
});

/** Argo's defaults (analysis_types.go; analysis/analysis.go DefaultConsecutiveErrorLimit). */
const DEFAULT_FAILURE_LIMIT = 0;
const DEFAULT_INCONCLUSIVE_LIMIT = 0;
const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

export function parseArgoTemplate(document: YamlDocument, args: Readonly<Record<string, string>>): ArgoDefinition {
  const notes: string[] = [];
  const template = parseDocument(templateSchema, document);
  const values = argValues(template.spec.args, args, document.where);
  const dryRun = template.spec.dryRun.map((entry) => new RegExp(`^(?:${entry.metricName})$`));
  const metrics = template.spec.metrics.flatMap((raw, index): ArgoMetric[] => {
    const field = `spec.metrics.${index}`;
    const metric = parseDocument(metricSchema, {
      data: fillArgs(raw, values, document.where, field),
      where: document.where,
    });
    if (dryRun.some((pattern) => pattern.test(metric.name))) {
      notes.push(
        `metric "${metric.name}" runs in dry-run mode (spec.dryRun): it cannot fail the analysis, so it is not back-tested`,
      );
      return [];
    }
    return [argoMetric(metric, document.where, field)];
  });
  if (metrics.length === 0) throw new InputError(`${document.where}: spec.metrics: every metric runs in dry-run mode`);
  return { kind: 'argo', file: document.where, name: template.metadata.name, metrics, notes };
}

function argoMetric(metric: z.output<typeof metricSchema>, where: string, field: string): ArgoMetric {
  const providers = Object.keys(metric.provider);
  const prometheus = metric.provider.prometheus as { query?: unknown } | undefined;
  if (!prometheus) {
    throw new InputError(
      `${where}: ${field}.provider: only the prometheus provider can be back-tested, got ${providers.join(', ') || 'none'}`,
    );
  }
  if (typeof prometheus.query !== 'string' || prometheus.query.trim() === '')
    throw new InputError(`${where}: ${field}.provider.prometheus.query: required (the PromQL the metric asks)`);
  const intervalMs =
    metric.interval === undefined ? undefined : durationField(metric.interval, where, `${field}.interval`);
  const count = wholeNumberField(metric.count, where, `${field}.count`);
  if (count !== undefined && count > 1 && intervalMs === undefined)
    throw new InputError(`${where}: ${field}.interval: required when count > 1 (Argo refuses it too)`);
  return {
    name: metric.name,
    query: prometheus.query,
    intervalMs,
    initialDelayMs:
      metric.initialDelay === undefined ? 0 : durationField(metric.initialDelay, where, `${field}.initialDelay`),
    // analysis_types.go EffectiveCount: no count and no interval is one measurement; an interval
    // without a count measures until the analysis ends.
    count: count === undefined || count === 0 ? (intervalMs === undefined ? 1 : undefined) : count,
    ...condition(metric.successCondition, where, `${field}.successCondition`, 'successCondition'),
    ...condition(metric.failureCondition, where, `${field}.failureCondition`, 'failureCondition'),
    failureLimit: wholeNumberField(metric.failureLimit, where, `${field}.failureLimit`) ?? DEFAULT_FAILURE_LIMIT,
    inconclusiveLimit:
      wholeNumberField(metric.inconclusiveLimit, where, `${field}.inconclusiveLimit`) ?? DEFAULT_INCONCLUSIVE_LIMIT,
    consecutiveErrorLimit:
      wholeNumberField(metric.consecutiveErrorLimit, where, `${field}.consecutiveErrorLimit`) ??
      DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  };
}

function condition(
  text: string | undefined,
  where: string,
  field: string,
  key: 'successCondition' | 'failureCondition',
): Partial<Pick<ArgoMetric, 'successCondition' | 'failureCondition'>> {
  if (text === undefined || text.trim() === '') return {};
  try {
    return { [key]: { text, test: compileCondition(text) } };
  } catch (error) {
    throw new InputError(`${where}: ${field}: cannot parse "${text}": ${errorMessage(error).split('\n')[0]}`);
  }
}

/** The template's declared args with their defaults, overridden by the values the user gives. */
function argValues(
  declared: readonly { name: string; value?: string | number | undefined }[],
  given: Readonly<Record<string, string>>,
  where: string,
): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of declared) if (arg.value !== undefined) values.set(arg.name, String(arg.value));
  for (const [name, value] of Object.entries(given)) {
    if (!declared.some((arg) => arg.name === name)) {
      const names = declared.map((arg) => arg.name).join(', ') || 'none';
      throw new InputError(`${where}: spec.args: the template declares no arg "${name}" (it declares: ${names})`);
    }
    values.set(name, value);
  }
  return values;
}

const PLACEHOLDER = /\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Argo resolves `{{args.name}}` anywhere in a metric when the AnalysisRun is created. */
function fillArgs(value: unknown, values: ReadonlyMap<string, string>, where: string, field: string): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_whole, name: string) => {
      const filled = values.get(name);
      if (filled === undefined) {
        throw new InputError(
          `${where}: ${field}: uses {{args.${name}}} but the arg has no value (give it with --args ${name}=… or triggers[].args)`,
        );
      }
      return filled;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => fillArgs(item, values, where, `${field}.${index}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillArgs(item, values, where, `${field}.${key}`)]),
    );
  }
  return value;
}
