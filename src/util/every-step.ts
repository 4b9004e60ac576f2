/**
 * Runs every step in order even when one fails, then throws the first failure: tearing down,
 * a step that fails must not leave the later ones undone.
 */
export async function everyStep(steps: readonly (() => Promise<unknown> | undefined)[]): Promise<void> {
  let first: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}
