/** A phase placed on the run's timeline: offsets in ms from the run start. */
export interface PhaseSpan {
  name: string;
  start: number;
  end: number;
}

/** The one place that turns a list of phases into run length and offsets. */
export function runLengthMs(phases: readonly { duration: number }[]): number {
  return phases.reduce((sum, phase) => sum + phase.duration, 0);
}

export function phaseSpans(phases: readonly { name: string; duration: number }[]): PhaseSpan[] {
  let offset = 0;
  return phases.map((phase) => {
    const span = { name: phase.name, start: offset, end: offset + phase.duration };
    offset = span.end;
    return span;
  });
}

/** The span of the named phase; undefined when there is none of that name. */
export function phaseSpan(phases: readonly { name: string; duration: number }[], name: string): PhaseSpan | undefined {
  return phaseSpans(phases).find((span) => span.name === name);
}

/** The phase running at `offset` (a phase owns [start, end)); the last phase past the end. */
export function phaseAt(phases: readonly { name: string; duration: number }[], offset: number): PhaseSpan | undefined {
  const spans = phaseSpans(phases);
  return spans.find((span) => offset >= span.start && offset < span.end) ?? spans.at(-1);
}
