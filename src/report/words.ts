import type { RuleVerdict } from '../evaluate/summary.js';

const RULE_VERDICT_WORDS: Record<RuleVerdict, string> = {
  'fired-in-time': 'fired in time',
  'fired-late': 'fired late',
  missed: 'missed',
  'false-positive': 'false positive',
  'not-triggered': 'not triggered',
  flapping: 'flapping',
};

export function ruleVerdictWord(verdict: RuleVerdict): string {
  return RULE_VERDICT_WORDS[verdict];
}

/** "blue, phase canary" style scope of an SLO; '*' means every phase. */
export function sloScope(colour: string, phase: string): string {
  return `${colour === 'all' ? 'all traffic' : colour}, ${phase === '*' ? 'all phases' : `phase ${phase}`}`;
}
