import { InputError } from '../errors.js';
import type { TriggerKind } from '../evaluate/summary.js';
import type { TriggerDefinition } from './definition.js';
import { readYamlDocuments, type YamlDocument } from './documents.js';
import { parseArgoTemplate } from './formats/argo.js';
import { parseFlaggerCanary } from './formats/flagger.js';
import { parseRuleFile } from './formats/prometheus-rules.js';

export interface LoadOptions {
  /** The format; told from the file when absent. */
  kind?: TriggerKind;
  /** Argo `args` values; for rule files, `evaluationInterval` sets the global evaluation interval. */
  args?: Readonly<Record<string, string>>;
}

/**
 * Reads a team's trigger definition: an Argo AnalysisTemplate, a Flagger Canary with its
 * MetricTemplates, or a Prometheus rule file. Every problem is an InputError naming the file
 * (and document) and the field.
 */
export function loadTriggerDefinition(file: string, options: LoadOptions = {}): TriggerDefinition {
  const documents = readYamlDocuments(file).filter((document) => document.data !== null);
  if (documents.length === 0) throw new InputError(`${file}: empty: expected a trigger definition`);
  const kind = options.kind ?? detectKind(documents, file);
  const args = options.args ?? {};
  switch (kind) {
    case 'argo': {
      const [template, ...rest] = documentsOfKind(documents, ['AnalysisTemplate', 'ClusterAnalysisTemplate'], file);
      if (rest.length > 0)
        throw new InputError(`${file}: holds ${rest.length + 1} AnalysisTemplates; give one per file`);
      return parseArgoTemplate(template!, args);
    }
    case 'flagger': {
      const [canary, ...more] = documentsOfKind(documents, ['Canary'], file);
      if (more.length > 0) throw new InputError(`${file}: holds ${more.length + 1} Canaries; give one per file`);
      return parseFlaggerCanary(
        canary!,
        documents.filter((document) => document !== canary),
      );
    }
    case 'prometheus-rules': {
      const [only, ...more] = documents;
      if (more.length > 0) throw new InputError(`${file}: a rule file is one YAML document, got ${documents.length}`);
      return parseRuleFile(only!, args.evaluationInterval);
    }
  }
}

function detectKind(documents: readonly YamlDocument[], file: string): TriggerKind {
  const kinds = documents.map((document) => kindOf(document.data));
  if (kinds.some((kind) => kind === 'AnalysisTemplate' || kind === 'ClusterAnalysisTemplate')) return 'argo';
  if (kinds.includes('Canary')) return 'flagger';
  if (documents.some((document) => isRecord(document.data) && 'groups' in document.data)) return 'prometheus-rules';
  const found = kinds.map((kind) => JSON.stringify(kind ?? null)).join(', ');
  throw new InputError(
    `${file}: kind: expected an Argo AnalysisTemplate or ClusterAnalysisTemplate, a Flagger Canary (with its MetricTemplates) or a Prometheus rule file (groups:), got kind ${found}`,
  );
}

function documentsOfKind(documents: readonly YamlDocument[], kinds: readonly string[], file: string): YamlDocument[] {
  const matching = documents.filter((document) => kinds.includes(String(kindOf(document.data))));
  if (matching.length === 0) throw new InputError(`${file}: kind: expected ${kinds.join(' or ')}, found none`);
  return matching;
}

function kindOf(data: unknown): unknown {
  return isRecord(data) ? data.kind : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
