import { request } from 'undici';
import { errorMessage } from '../errors.js';
import type { CleanupAudit } from '../evaluate/summary.js';
import type { Colour } from '../shared/colour.js';

/** One part of a target that can say what greenlight left on it. */
export interface AuditedPart {
  /** Names the part in a leftover line when it cannot be asked, e.g. "toxiproxy at http://…". */
  name: string;
  audit(): Promise<string[]>;
}

/** Asks every part; one that cannot be asked is itself a leftover (nothing proves it clean). */
export async function auditParts(parts: readonly AuditedPart[]): Promise<CleanupAudit> {
  const leftovers: string[] = [];
  for (const part of parts) {
    try {
      leftovers.push(...(await part.audit()));
    } catch (error) {
      leftovers.push(`${part.name} could not be audited: ${errorMessage(error)}`);
    }
  }
  return { clean: leftovers.length === 0, leftovers };
}

/** A reference service's simulated VRAM pressure still held, from its admin API. */
export function referenceVramPart(colour: Colour, admin: string): AuditedPart {
  return {
    name: `${colour} reference service`,
    async audit() {
      const response = await request(`${admin}/admin/state`, { headersTimeout: 2000, bodyTimeout: 2000 });
      const state = (await response.body.json()) as { vram?: { pressureMiB?: number } };
      const pressure = state.vram?.pressureMiB ?? 0;
      return pressure > 0 ? [`${colour} simulated VRAM pressure ${pressure} MiB`] : [];
    },
  };
}
