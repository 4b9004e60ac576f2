import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { FlaggerDefinition, FlaggerMetric } from '../definition.js';
import { durationField, parseDocument, type YamlDocument } from '../documents.js';
import { FLAGGER_BUILTIN_QUERIES } from './flagger-builtins.js';

/**
 * A Flagger `Canary` (flagger.app/v1beta1) and the `MetricTemplate`s its analysis refers to, in
 * the same file. Defaults from pkg/apis/flagger/v1beta1/canary.go: analysis interval 60s (never
 * below 10s), threshold 1, metric interval 1m; mesh provider istio.
 */
const DEFAULT_ANALYSIS_INTERVAL_MS = 60_000;
const MIN_ANALYSIS_INTERVAL_MS = 10_000;
const DEFAULT_THRESHOLD = 1;
const DEFAULT_METRIC_INTERVAL = '1m';
const DEFAULT_PROVIDER = 'istio';

const metricSchema = z.looseObject({
  name: z.string().min(1),
  interval: z.string().optional(),
  thresholdRange: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  threshold: z.number().optional(),
  templateRef: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }).optional(),
  query: z.string().optional(),
});

const analysisSchema = z.looseObject({
  interval: z.string().optional(),
  threshold: z.number().int().nonnegative().optional(),
  metrics: z.array(metricSchema).min(1, 'expected at least one metric'),
});

const canarySchema = z.looseObject({
  kind: z.literal('Canary'),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().default('default') }),
  spec: z.looseObject({
    provider: z.string().optional(),
    targetRef: z.looseObject({ name: z.string().min(1) }),
    service: z.looseObject({ name: z.string().optional() }).optional(),
    ingressRef: z.looseObject({ name: z.string().min(1) }).optional(),
    analysis: analysisSchema.optional(),
    canaryAnalysis: analysisSchema.optional(),
  }),
});

const templateSchema = z.looseObject({
  kind: z.literal('MetricTemplate'),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }),
  spec: z.looseObject({
    provider: z.looseObject({ type: z.string() }),
    query: z.string().min(1, 'required (the PromQL the template asks)'),
  }),
});

type Template = z.output<typeof templateSchema>;

export function parseFlaggerCanary(canaryDocument: YamlDocument, others: readonly YamlDocument[]): FlaggerDefinition {
  const canary = parseDocument(canarySchema, canaryDocument);
  const where = canaryDocument.where;
  const analysis = canary.spec.analysis ?? canary.spec.canaryAnalysis;
  if (!analysis) throw new InputError(`${where}: spec.analysis: required (the canary analysis to back-test)`);
  const templates = others.map((document) => ({
    template: parseDocument(templateSchema, document),
    where: document.where,
  }));
  const notes: string[] = [];
  const configured =
    analysis.interval === undefined
      ? DEFAULT_ANALYSIS_INTERVAL_MS
      : durationField(analysis.interval, where, 'spec.analysis.interval');
  if (configured < MIN_ANALYSIS_INTERVAL_MS)
    notes.push(
      `spec.analysis.interval ${analysis.interval ?? ''} is below Flagger's minimum: Flagger runs the analysis every 10s`,
    );
  const model = {
    name: canary.metadata.name,
    namespace: canary.metadata.namespace,
    target: canary.spec.targetRef.name,
    service: canary.spec.service?.name ?? canary.spec.targetRef.name,
    ingress: canary.spec.ingressRef?.name ?? canary.spec.targetRef.name,
  };
  const provider = canary.spec.provider ?? DEFAULT_PROVIDER;
  const metrics = analysis.metrics.map((metric, index): FlaggerMetric => {
    const field = `spec.analysis.metrics.${index}`;
    const interval = metric.interval ?? DEFAULT_METRIC_INTERVAL;
    const intervalMs = durationField(interval, where, `${field}.interval`);
    const render = (query: string, from: string): string => renderQuery(query, { ...model, interval }, from);
    const query = metricQuery(metric, provider, templates, canary.metadata.namespace, where, field);
    const range =
      metric.thresholdRange ??
      (metric.threshold === undefined ? undefined : thresholdAsRange(metric.name, metric.threshold));
    if (!range || (range.min === undefined && range.max === undefined))
      throw new InputError(`${where}: ${field}.thresholdRange: required (min, max or both)`);
    return {
      name: metric.name,
      query: render(query.text, query.from),
      intervalMs,
      ...(range.min === undefined ? {} : { min: range.min }),
      ...(range.max === undefined ? {} : { max: range.max }),
      wholeMilliseconds: metric.name === 'request-duration' && query.builtin,
    };
  });
  return {
    kind: 'flagger',
    file: where,
    name: canary.metadata.name,
    intervalMs: Math.max(MIN_ANALYSIS_INTERVAL_MS, configured),
    threshold: analysis.threshold && analysis.threshold > 0 ? analysis.threshold : DEFAULT_THRESHOLD,
    metrics,
    notes,
  };
}

/** The legacy `threshold` (scheduler_metrics.go): a minimum for the success rate, a maximum otherwise. */
function thresholdAsRange(name: string, threshold: number): { min?: number; max?: number } {
  return name === 'request-success-rate' ? { min: threshold } : { max: threshold };
}

function metricQuery(
  metric: z.output<typeof metricSchema>,
  provider: string,
  templates: readonly { template: Template; where: string }[],
  namespace: string,
  where: string,
  field: string,
): { text: string; from: string; builtin: boolean } {
  if (metric.templateRef) {
    const ref = metric.templateRef;
    const wanted = ref.namespace ?? namespace;
    const found = templates.find(
      ({ template }) => template.metadata.name === ref.name && (template.metadata.namespace ?? namespace) === wanted,
    );
    if (!found) {
      const known = templates.map(({ template }) => template.metadata.name).join(', ') || 'none';
      throw new InputError(
        `${where}: ${field}.templateRef: no MetricTemplate "${ref.name}" (namespace ${wanted}) in this file (it holds: ${known})`,
      );
    }
    if (found.template.spec.provider.type !== 'prometheus') {
      throw new InputError(
        `${found.where}: spec.provider.type: only prometheus templates can be back-tested, got ${found.template.spec.provider.type}`,
      );
    }
    return { text: found.template.spec.query, from: `${found.where}: spec.query`, builtin: false };
  }
  if (metric.query !== undefined) return { text: metric.query, from: `${where}: ${field}.query`, builtin: false };
  const builtin = FLAGGER_BUILTIN_QUERIES[provider]?.[metric.name];
  if (builtin !== undefined) return { text: builtin, from: `built-in ${metric.name}`, builtin: true };
  if (metric.name === 'request-success-rate' || metric.name === 'request-duration') {
    throw new InputError(
      `${where}: spec.provider: greenlight carries Flagger's built-in ${metric.name} for ${Object.keys(FLAGGER_BUILTIN_QUERIES).join(', ')}, not "${provider}"; use a MetricTemplate with your provider's query`,
    );
  }
  throw new InputError(
    `${where}: ${field}: missing query (give templateRef, or name a built-in: request-success-rate, request-duration)`,
  );
}

/**
 * Flagger renders queries with Go's text/template, where `{{ namespace }}` and friends are
 * functions of the model (MetricTemplateModel.TemplateFunctions). Those are the only actions a
 * query template uses; any other action is refused rather than guessed at.
 */
function renderQuery(query: string, model: Record<string, string>, from: string): string {
  const rendered = query.replace(/\{\{-?\s*([A-Za-z]+)\s*-?\}\}/g, (whole, name: string) => {
    const value = model[name];
    if (value === undefined)
      throw new InputError(
        `${from}: unknown template variable ${whole} (Flagger has: ${Object.keys(model).join(', ')})`,
      );
    return value;
  });
  const leftover = /\{\{[^}]*\}\}/.exec(rendered);
  if (leftover) throw new InputError(`${from}: unsupported template action ${leftover[0]}`);
  return rendered;
}
