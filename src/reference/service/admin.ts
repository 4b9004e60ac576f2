import { z } from 'zod';
import { readJsonBody, sendJson } from './http-io.js';
import type { RouteContext } from './route-context.js';
import { parseOrThrow } from './validation.js';

const pressureRequest = z
  .object({
    gib: z.number().nonnegative().optional(),
    percent: z.number().min(0).max(100).optional(),
  })
  .strict()
  .refine((body) => (body.gib === undefined) !== (body.percent === undefined), {
    message: 'expected exactly one of {"gib": number} or {"percent": 0..100}',
  });

export function getState({ res, service }: RouteContext): void {
  sendJson(res, 200, service.state());
}

export async function putVramPressure({ req, res, service }: RouteContext): Promise<void> {
  const { gib, percent } = parseOrThrow(pressureRequest, await readJsonBody(req), 'vram pressure');
  service.setPressureMiB(gib !== undefined ? gib * 1024 : ((percent ?? 0) / 100) * service.vram.totalMiB());
  sendJson(res, 200, service.state());
}

export function deleteVramPressure({ res, service }: RouteContext): void {
  service.setPressureMiB(0);
  sendJson(res, 200, service.state());
}

export async function patchKnobs({ req, res, service }: RouteContext): Promise<void> {
  service.patchKnobs(await readJsonBody(req));
  sendJson(res, 200, service.state());
}
