import type Docker from 'dockerode';
import { connectDocker } from '../../docker/engine.js';
import { EnvironmentError } from '../../errors.js';
import type { ExternalTarget } from '../../experiment/target-schema.js';
import { selectContainers } from '../../faults/docker/select.js';
import { COLOURS, type Colour } from '../../shared/colour.js';

/** The user's containers the target declares, one per colour that declares one. */
export interface UserContainers {
  docker: Docker;
  ids: Partial<Record<Colour, string>>;
  names: Partial<Record<Colour, string>>;
}

/**
 * Finds the container each colour declares (exit 3 when it is not there, or the selector names
 * several); undefined when no colour declares one (no Docker needed then).
 */
export async function findUserContainers(colours: ExternalTarget['colours']): Promise<UserContainers | undefined> {
  const declared = COLOURS.filter((colour) => colours[colour].container !== undefined);
  if (declared.length === 0) return undefined;
  const docker = await connectDocker('the containers the target declares');
  const ids: Partial<Record<Colour, string>> = {};
  const names: Partial<Record<Colour, string>> = {};
  for (const colour of declared) {
    const selector = colours[colour].container ?? '';
    const found = await selectContainers(docker, selector, {});
    if (found.length > 1) {
      throw new EnvironmentError(
        `target.colours.${colour}.container: "${selector}" matches ${found.length} containers (${found.map((c) => c.name).join(', ')}); it must name one`,
      );
    }
    ids[colour] = found[0]?.id;
    names[colour] = found[0]?.name;
  }
  return { docker, ids, names };
}
