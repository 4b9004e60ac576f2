import type { TriggerKind } from '../evaluate/summary.js';
import type { Condition } from './expr-lang.js';

/** One metric of an Argo Rollouts AnalysisTemplate, with Argo's defaults applied. */
export interface ArgoMetric {
  name: string;
  query: string;
  /** Time between measurements; undefined: a single measurement. */
  intervalMs: number | undefined;
  initialDelayMs: number;
  /** Measurements to take; undefined: until the analysis ends (interval without count). */
  count: number | undefined;
  successCondition?: { text: string; test: Condition };
  failureCondition?: { text: string; test: Condition };
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
}

export interface ArgoDefinition {
  kind: 'argo';
  file: string;
  name: string;
  metrics: ArgoMetric[];
  notes: string[];
}

/** One metric check of a Flagger Canary analysis, its query rendered. */
export interface FlaggerMetric {
  name: string;
  query: string;
  /** The metric's own window (`interval`, default 1m), as rendered into the query. */
  intervalMs: number;
  min?: number;
  max?: number;
  /** request-duration: Flagger reads the value as whole milliseconds before comparing. */
  wholeMilliseconds: boolean;
}

export interface FlaggerDefinition {
  kind: 'flagger';
  file: string;
  name: string;
  /** The analysis schedule (`spec.analysis.interval`, default 60s, at least 10s). */
  intervalMs: number;
  /** Failed checks before the rollback (`spec.analysis.threshold`, default 1). */
  threshold: number;
  metrics: FlaggerMetric[];
  notes: string[];
}

export interface AlertRule {
  group: string;
  alert: string;
  expr: string;
  forMs: number;
  labels: Record<string, string>;
  /** The group's evaluation interval. */
  intervalMs: number;
}

export interface RulesDefinition {
  kind: 'prometheus-rules';
  file: string;
  name: string;
  alerts: AlertRule[];
  /** The global evaluation interval, for groups that set none. */
  evaluationIntervalMs: number;
  notes: string[];
}

export type TriggerDefinition = ArgoDefinition | FlaggerDefinition | RulesDefinition;

/** Every query the definition asks, for the recording of the series they need. */
export function queriesOf(definition: TriggerDefinition): string[] {
  switch (definition.kind) {
    case 'argo':
      return definition.metrics.map((metric) => metric.query);
    case 'flagger':
      return definition.metrics.map((metric) => metric.query);
    case 'prometheus-rules':
      return definition.alerts.map((alert) => alert.expr);
  }
}

export const KIND_WORDS: Record<TriggerKind, string> = {
  argo: 'Argo Rollouts AnalysisTemplate',
  flagger: 'Flagger Canary analysis',
  'prometheus-rules': 'Prometheus alerting rules',
};
