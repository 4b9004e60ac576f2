import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { FaultEnvironment } from '../driver.js';

export const COLOUR_LABEL = 'greenlight.colour';
export const RUN_LABEL = 'greenlight.run';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

export interface SelectedContainer {
  id: string;
  name: string;
}

/**
 * The containers a fault target names (see `containerTargetSchema`): a colour of the running
 * containers target, or every container with that name, label or compose service.
 */
export async function selectContainers(
  docker: Docker,
  target: string,
  environment: FaultEnvironment,
): Promise<SelectedContainer[]> {
  const filters = targetFilters(target, environment);
  const found = await docker.listContainers({ all: true, filters: JSON.stringify(filters) });
  const containers = found
    .map((info) => ({ id: info.Id, name: (info.Names[0] ?? info.Id).replace(/^\//, '') }))
    // Docker's name filter matches substrings; a fault on name:api must not hit api-2.
    .filter((container) => !target.startsWith('name:') || container.name === target.slice('name:'.length));
  if (containers.length === 0) throw new EnvironmentError(`no Docker container matches the fault target "${target}"`);
  return containers;
}

function targetFilters(target: string, environment: FaultEnvironment): Record<string, string[]> {
  if (target === 'blue' || target === 'green') {
    const id = environment.containers?.[target];
    if (!id) {
      throw new EnvironmentError(
        `container fault target "${target}" names a colour, but this target runs no containers; use target kind "containers", or name:, label: or service: targets`,
      );
    }
    return { id: [id] };
  }
  const [scheme, value = ''] = splitOnce(target, ':');
  if (scheme === 'id') return { id: [value] };
  if (scheme === 'name') return { name: [value] };
  if (scheme === 'label') return { label: [value] };
  const [service, colour] = splitOnce(value, '@');
  return { label: [`${COMPOSE_SERVICE_LABEL}=${service}`, ...(colour ? [`${COLOUR_LABEL}=${colour}`] : [])] };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
