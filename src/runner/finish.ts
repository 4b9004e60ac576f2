import { rm } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import type { CleanupAudit } from '../evaluate/summary.js';
import { readLease } from '../faults/lease.js';
import type { RunningTarget } from '../targets/target.js';
import { queryPromqlSlos } from './promql.js';
import type { OpenRun } from './run.js';
import { judgeTriggers } from './triggers.js';
import { failedEnding, type RunEnding } from './run-stop.js';

/**
 * After the live part (faults already reverted): the cleanup audit, the PromQL SLO queries,
 * `run.ended`, then the team's triggers judged; the journal is closed whatever happens. Never
 * throws: a failure here (a bug) becomes the ending when the run had none of its own.
 */
export async function finishRun(run: OpenRun, target: RunningTarget, ending: RunEnding): Promise<RunEnding> {
  let final = ending;
  const { prometheus } = run;
  const analyse = prometheus !== undefined && ending.reason !== 'interrupted';
  try {
    const cleanup = await auditCleanup(target, run.leasePath);
    if (analyse) await queryPromqlSlos(prometheus, run.experiment, run.startAt, run.events.journal, run.clock);
    run.events.journal.append({ type: 'cleanup.audited', t: run.clock.now(), ...cleanup });
  } catch (error) {
    if (!final.failure) final = failedEnding(error);
  } finally {
    run.events.journal.append({
      type: 'run.ended',
      t: run.clock.now(),
      reason: final.reason,
      ...(final.detail ? { detail: final.detail } : {}),
    });
    if (analyse) await judgeTriggers(run, prometheus, run.triggers);
    run.journal.close();
  }
  return final;
}

/** What the target and the fault lease say is left behind; a part that cannot be asked is a leftover too. */
async function auditCleanup(target: RunningTarget, leasePath: string): Promise<CleanupAudit> {
  const leftovers: string[] = [];
  try {
    leftovers.push(...(await target.audit()).leftovers);
  } catch (error) {
    leftovers.push(`the target could not be audited: ${errorMessage(error)}`);
  }
  const leased = await readLease(leasePath);
  if (leased.length === 0) await rm(leasePath, { force: true });
  leftovers.push(...leased.map((lease) => `lease still lists ${lease.kind} "${lease.name}" on ${lease.target}`));
  return { clean: leftovers.length === 0, leftovers };
}
