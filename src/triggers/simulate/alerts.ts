import { errorMessage } from '../../errors.js';
import type { AlertRule, RulesDefinition } from '../definition.js';
import { momentsOf, type AskPrometheus, type Firing, type RunWindow, type TriggerRun } from '../run.js';

/**
 * Alerting rules over the run, as Prometheus's rule manager evaluates them: every group
 * interval the rule's expression is asked; each series it returns is an alert, pending from the
 * first evaluation that returned it and firing once it has been returned for `for` (at the first
 * evaluation at or after activeAt + for); a series no longer returned resolves its alert. The
 * trigger fires while any alert of the file fires.
 */
export async function simulateAlerts(
  definition: RulesDefinition,
  ask: AskPrometheus,
  window: RunWindow,
): Promise<TriggerRun> {
  const names = definition.alerts.map((alert) => alert.alert).join(', ');
  const run: TriggerRun = { measurements: [], firings: [], action: `fire ${names}`, notes: [...definition.notes] };
  const firingAt = new Map<string, number>();
  const schedule = definition.alerts
    .flatMap((alert) =>
      momentsOf(window.start + alert.intervalMs, alert.intervalMs, window.end).map((at) => ({ at, alert })),
    )
    .sort((a, b) => a.at - b.at);
  const active = new Map<AlertRule, Map<string, number>>(definition.alerts.map((alert) => [alert, new Map()]));
  for (const { at, alert } of schedule) {
    const since = active.get(alert)!;
    let series: { key: string; value: number }[];
    try {
      const answer = await ask(alert.expr, at);
      if (answer.kind !== 'vector') throw new Error('an alerting rule must return an instant vector');
      series = answer.series.map((entry) => ({ key: labelKey(entry.metric), value: entry.value }));
    } catch (error) {
      run.measurements.push({
        at,
        check: alert.alert,
        values: [],
        outcome: 'error',
        detail: `query failed: ${errorMessage(error)}`,
      });
      continue;
    }
    for (const key of [...since.keys()]) if (!series.some((entry) => entry.key === key)) since.delete(key);
    for (const entry of series) if (!since.has(entry.key)) since.set(entry.key, at);
    const firing = series.filter((entry) => at - since.get(entry.key)! >= alert.forMs);
    run.measurements.push({
      at,
      check: alert.alert,
      values: series.map((entry) => entry.value),
      outcome: series.length === 0 ? 'ok' : 'failed',
      detail:
        series.length === 0
          ? 'inactive'
          : firing.length > 0
            ? `firing: ${firing.map((entry) => entry.key).join('; ')}`
            : 'pending',
    });
    if (firing.length > 0) firingAt.set(alert.alert, at);
    else firingAt.delete(alert.alert);
    trackFirings(
      run.firings,
      at,
      firingAt,
      alert,
      firing.map((entry) => entry.key),
    );
  }
  return run;
}

function trackFirings(
  firings: Firing[],
  at: number,
  firingAt: ReadonlyMap<string, number>,
  alert: AlertRule,
  keys: string[],
): void {
  const open = firings.at(-1);
  const isOpen = open !== undefined && open.until === undefined;
  if (firingAt.size > 0 && !isOpen) {
    firings.push({
      at,
      why: [`${alert.alert} firing after ${alert.forMs / 1000}s pending: ${keys.join('; ') || '{}'}`],
    });
  } else if (firingAt.size === 0 && isOpen) {
    open.until = at;
  }
}

function labelKey(metric: Record<string, string>): string {
  const entries = Object.entries(metric)
    .filter(([name]) => name !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([name, value]) => `${name}="${value}"`).join(', ')}}`;
}
