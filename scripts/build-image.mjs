// Builds the reference service image `greenlight-reference:local` FROM scratch: the host's node
// binary with the libraries `ldd` lists, and greenlight's CLI bundled with esbuild (one file;
// only esbuild and koffi, which carry native binaries, are copied as packages). The image is
// labelled with a hash of its contents and only rebuilt when that hash changes.
//   node scripts/build-image.mjs [--tag NAME] [--force]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const tag = args.includes('--tag') ? args[args.indexOf('--tag') + 1] : 'greenlight-reference:local';
const force = args.includes('--force');
// A folder of its own: test runs started side by side build at the same time.
const context = mkdtempSync(join(tmpdir(), 'greenlight-image-'));
const rootfs = join(context, 'rootfs');
const HASH_LABEL = 'greenlight.content-hash';
const NATIVE_PACKAGES = ['esbuild', '@esbuild/linux-x64', 'koffi', '@koromix/koffi-linux-x64'];

mkdirSync(join(rootfs, 'app', 'node_modules'), { recursive: true });
cpSync(join(root, 'docker', 'reference.Dockerfile'), join(context, 'Dockerfile'));

copyFile(process.execPath, join(rootfs, 'usr', 'local', 'bin', 'node'));
for (const library of sharedLibraries(process.execPath)) copyFile(library, join(rootfs, library));

await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile: join(rootfs, 'app', 'dist', 'greenlight.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['esbuild', 'koffi', 'cpu-features', '*.node'],
  // CommonJS dependencies bundled into ESM still use require(), __dirname and __filename.
  banner: {
    js: [
      "import { createRequire as __glCreateRequire } from 'node:module';",
      "import { dirname as __glDirname } from 'node:path';",
      "import { fileURLToPath as __glFileURLToPath } from 'node:url';",
      'const require = __glCreateRequire(import.meta.url);',
      'const __filename = __glFileURLToPath(import.meta.url);',
      'const __dirname = __glDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(
  join(rootfs, 'app', 'package.json'),
  `${JSON.stringify({ name: 'greenlight', version, type: 'module', private: true })}\n`,
);
for (const name of NATIVE_PACKAGES) {
  cpSync(join(root, 'node_modules', name), join(rootfs, 'app', 'node_modules', name), {
    recursive: true,
    dereference: true,
  });
}
mkdirSync(join(rootfs, 'tmp'), { recursive: true });

try {
  await buildOnce(contentHash(context));
} finally {
  rmSync(context, { recursive: true, force: true });
}

async function buildOnce(hash) {
  const docker = new Docker();
  const existing = await docker
    .getImage(tag)
    .inspect()
    .catch(() => undefined);
  if (!force && existing?.Config?.Labels?.[HASH_LABEL] === hash) {
    process.stdout.write(`${tag} is up to date (${hash.slice(0, 12)})\n`);
  } else {
    const stream = await docker.buildImage(
      { context, src: listFiles(context) },
      { t: tag, labels: JSON.stringify({ [HASH_LABEL]: hash }) },
    );
    const output = await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (error, events) => (error ? reject(error) : resolve(events))),
    );
    const failure = output.find((event) => event.error);
    if (failure) throw new Error(`docker build of ${tag} failed: ${failure.error}`);
    process.stdout.write(`built ${tag} (${hash.slice(0, 12)})\n`);
    // The image the tag named before is now untagged: remove it unless a container still uses it.
    const built = await docker.getImage(tag).inspect();
    if (existing && existing.Id !== built.Id)
      await docker
        .getImage(existing.Id)
        .remove()
        .catch(() => undefined);
  }
}

/** The loader and every library `ldd` resolves for a binary (absolute paths). */
function sharedLibraries(binary) {
  const listing = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...listing.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((match) => match[1]);
}

function copyFile(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { dereference: true });
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
