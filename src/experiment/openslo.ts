import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError, errorMessage } from '../errors.js';
import { prometheusSchema, type PromqlSlo } from './prometheus-schema.js';
import type { Experiment } from './schema.js';

/**
 * OpenSLO v1 import: each `kind: SLO` document's objectives become PromQL SLOs. Supported: an
 * inline `indicator` with a Prometheus `ratioMetric` (good/total, bad/total or raw) or
 * `thresholdMetric`, objectives with `target` or `targetPercent` (and `op`/`value` for a
 * threshold), budgeting by Occurrences. Anything else is refused, naming the file and field.
 */
export function importOpenSlo(path: string, shownPath = path): PromqlSlo[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${shownPath}: cannot read the OpenSLO file (${errorMessage(error)})`, { cause: error });
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  return documents.flatMap((document, index) => {
    if (document.errors.length > 0)
      throw new InputError(`${shownPath}: not valid YAML (${document.errors[0]!.message})`);
    return sloDocument(document.toJS() as unknown, new Where(shownPath, documents.length > 1 ? index : undefined));
  });
}

/** The experiment with its `openSlo` file's SLOs added to `prometheus.slos`. */
export function withOpenSlo(experiment: Experiment, experimentFile: string, shownPath: string): Experiment {
  if (experiment.openSlo === undefined) return experiment;
  const file = resolve(dirname(experimentFile), experiment.openSlo);
  const imported = importOpenSlo(file, `${shownPath}: openSlo ${experiment.openSlo}`);
  const prometheus = experiment.prometheus ?? prometheusSchema.parse({ slos: [] });
  return { ...experiment, prometheus: { ...prometheus, slos: [...prometheus.slos, ...imported] } };
}

class Where {
  constructor(
    private readonly file: string,
    private readonly document: number | undefined,
  ) {}

  fail(field: string, problem: string): never {
    const document = this.document === undefined ? '' : ` (document ${this.document + 1})`;
    throw new InputError(`${this.file}${document}: ${field}: ${problem}`);
  }
}

type Node = Record<string, unknown>;

function object(value: unknown, field: string, where: Where): Node {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) where.fail(field, 'expected a mapping');
  return value as Node;
}

function sloDocument(data: unknown, where: Where): PromqlSlo[] {
  const root = object(data, '(document)', where);
  if (root.apiVersion !== 'openslo/v1')
    where.fail('apiVersion', `expected openslo/v1, got ${JSON.stringify(root.apiVersion)}`);
  if (root.kind !== 'SLO') where.fail('kind', `only SLO documents can be imported, got ${JSON.stringify(root.kind)}`);
  const name = String(object(root.metadata, 'metadata', where).name ?? '');
  if (name === '') where.fail('metadata.name', 'required');
  const spec = object(root.spec, 'spec', where);
  if (spec.indicatorRef !== undefined)
    where.fail('spec.indicatorRef', 'not supported: inline the SLI as spec.indicator');
  if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== 'Occurrences') {
    where.fail('spec.budgetingMethod', `only Occurrences is supported, got ${JSON.stringify(spec.budgetingMethod)}`);
  }
  const indicator = object(object(spec.indicator, 'spec.indicator', where).spec, 'spec.indicator.spec', where);
  const objectives: unknown[] = Array.isArray(spec.objectives) ? spec.objectives : [];
  if (objectives.length === 0) where.fail('spec.objectives', 'expected a list of objectives');
  return objectives.map((item, index) => {
    const field = `spec.objectives[${index}]`;
    const objective = object(item, field, where);
    const target = targetOf(objective, field, where);
    const label =
      typeof objective.displayName === 'string'
        ? `${name}: ${objective.displayName}`
        : objectives.length > 1
          ? `${name} #${index + 1}`
          : name;
    if (indicator.ratioMetric !== undefined) {
      return {
        ...common(label),
        source: { promql: ratioQuery(object(indicator.ratioMetric, 'spec.indicator.spec.ratioMetric', where), where) },
        over: 'last' as const,
        above: target,
      };
    }
    if (indicator.thresholdMetric !== undefined) {
      const query = prometheusQuery(indicator.thresholdMetric, 'spec.indicator.spec.thresholdMetric', where);
      return {
        ...common(label),
        source: { promql: query },
        over: 'share' as const,
        threshold: thresholdOf(objective, field, where),
        above: target,
      };
    }
    return where.fail('spec.indicator.spec', 'expected ratioMetric or thresholdMetric');
  });
}

function common(name: string): Omit<PromqlSlo, 'source' | 'over' | 'above'> {
  return { name, colour: 'all', phase: '*' };
}

function targetOf(objective: Node, field: string, where: Where): number {
  if (objective.timeSliceTarget !== undefined || objective.timeSliceWindow !== undefined) {
    where.fail(`${field}.timeSliceTarget`, 'time slices are not supported (budgetingMethod Occurrences only)');
  }
  if (typeof objective.target === 'number' && objective.target >= 0 && objective.target < 1) return objective.target;
  if (typeof objective.targetPercent === 'number' && objective.targetPercent >= 0 && objective.targetPercent < 100)
    return objective.targetPercent / 100;
  return where.fail(`${field}.target`, 'expected target in [0, 1) or targetPercent in [0, 100)');
}

function thresholdOf(objective: Node, field: string, where: Where): NonNullable<PromqlSlo['threshold']> {
  const op = objective.op;
  if (op !== 'lt' && op !== 'lte' && op !== 'gt' && op !== 'gte')
    where.fail(`${field}.op`, 'expected lt, lte, gt or gte for a thresholdMetric');
  if (typeof objective.value !== 'number') where.fail(`${field}.value`, 'expected a number for a thresholdMetric');
  return { op, value: objective.value };
}

/** A counter ratio is taken over the SLO's whole window (`$__range`); a plain ratio as it stands. */
function ratioQuery(ratio: Node, where: Where): string {
  const field = 'spec.indicator.spec.ratioMetric';
  if (ratio.raw !== undefined) {
    const raw = prometheusQuery(ratio.raw, `${field}.raw`, where);
    if (ratio.rawType === 'success') return `(${raw})`;
    if (ratio.rawType === 'failure') return `1 - (${raw})`;
    return where.fail(`${field}.rawType`, 'expected success or failure with raw');
  }
  const counter = ratio.counter === true;
  const over = (query: string): string => (counter ? `sum(increase((${query})[$__range:]))` : `sum(${query})`);
  const total = over(prometheusQuery(ratio.total, `${field}.total`, where));
  if (ratio.good !== undefined && ratio.bad !== undefined) where.fail(`${field}.bad`, 'give good or bad, not both');
  if (ratio.good !== undefined) return `${over(prometheusQuery(ratio.good, `${field}.good`, where))} / ${total}`;
  if (ratio.bad !== undefined) return `1 - ${over(prometheusQuery(ratio.bad, `${field}.bad`, where))} / ${total}`;
  return where.fail(`${field}.good`, 'expected good or bad with total');
}

function prometheusQuery(value: unknown, field: string, where: Where): string {
  const source = object(object(value, field, where).metricSource, `${field}.metricSource`, where);
  if (typeof source.type !== 'string' || source.type.toLowerCase() !== 'prometheus') {
    where.fail(
      `${field}.metricSource.type`,
      `only Prometheus sources can be imported, got ${JSON.stringify(source.type)}`,
    );
  }
  const query = object(source.spec, `${field}.metricSource.spec`, where).query;
  if (typeof query !== 'string' || query.trim() === '')
    where.fail(`${field}.metricSource.spec.query`, 'expected a PromQL query');
  return query;
}
