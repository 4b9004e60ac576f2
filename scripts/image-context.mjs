// What every locally built image shares: a build context of a root filesystem assembled from the
// host (binaries with the libraries `ldd` lists), a content hash labelled on the image so it is
// only rebuilt when its contents change, and the build through the Docker Engine.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Docker from 'dockerode';

const HASH_LABEL = 'greenlight.content-hash';

/**
 * Assembles a context (`Dockerfile` plus `rootfs/`) in a folder of its own (builds started side
 * by side must not share one), lets `assemble(rootfs)` fill the root filesystem, builds `tag`
 * unless an image with the same content hash is there (`force` builds anyway), and removes the
 * context. Returns a line saying what happened.
 */
export async function buildImage({ tag, dockerfile, assemble, force = false }) {
  const context = mkdtempSync(join(tmpdir(), 'greenlight-image-'));
  try {
    const rootfs = join(context, 'rootfs');
    mkdirSync(join(rootfs, 'tmp'), { recursive: true });
    cpSync(dockerfile, join(context, 'Dockerfile'));
    await assemble(rootfs);
    return await buildOnce(new Docker(), context, tag, contentHash(context), force);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Copies a binary, the libraries `ldd` resolves for it and the dynamic loader, each at its own path. */
export function copyBinaryWithLibraries(binary, rootfs, at = binary) {
  copyFile(binary, join(rootfs, at));
  for (const library of sharedLibraries(binary)) copyFile(library, join(rootfs, library));
}

export function copyFile(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { dereference: true });
}

/** The loader and every library `ldd` resolves for a binary (absolute paths); none for a static one. */
function sharedLibraries(binary) {
  let listing;
  try {
    listing = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (String(error.stdout ?? '').includes('not a dynamic executable')) return [];
    throw error;
  }
  return [...listing.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((match) => match[1]);
}

async function buildOnce(docker, context, tag, hash, force) {
  const existing = await docker
    .getImage(tag)
    .inspect()
    .catch(() => undefined);
  if (!force && existing?.Config?.Labels?.[HASH_LABEL] === hash) return `${tag} is up to date (${hash.slice(0, 12)})`;
  const stream = await docker.buildImage(
    { context, src: listFiles(context) },
    { t: tag, labels: JSON.stringify({ [HASH_LABEL]: hash }) },
  );
  const output = await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (error, events) => (error ? reject(error) : resolve(events))),
  );
  const failure = output.find((event) => event.error);
  if (failure) throw new Error(`docker build of ${tag} failed: ${failure.error}`);
  // The image the tag named before is now untagged: remove it unless a container still uses it.
  const built = await docker.getImage(tag).inspect();
  if (existing && existing.Id !== built.Id)
    await docker
      .getImage(existing.Id)
      .remove()
      .catch(() => undefined);
  return `built ${tag} (${hash.slice(0, 12)})`;
}

function listFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((path) => statSync(join(folder, path)).isFile())
    .sort();
}

function contentHash(folder) {
  const hasher = createHash('sha256');
  for (const path of listFiles(folder))
    hasher
      .update(relative(folder, join(folder, path)))
      .update('\0')
      .update(readFileSync(join(folder, path)));
  return hasher.digest('hex');
}
