// Builds the images the containers target and the compose stack run, FROM scratch (no registry is
// reachable in CI), each labelled with a hash of its contents and only rebuilt when that changes:
//   greenlight-reference:local   the host's node and greenlight's CLI bundled with esbuild (the
//                                reference service, and `greenlight toxiproxy serve` as Toxiproxy)
//   greenlight-haproxy:local     Debian's haproxy with the libraries `ldd` lists
//   greenlight-prometheus:local  Debian's prometheus with the libraries `ldd` lists
//   node scripts/build-image.mjs [reference|haproxy|prometheus …] [--tag NAME] [--force]
// With no name it builds all three; --tag renames the one image named.
import { accessSync, constants, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildImage, copyBinaryWithLibraries } from './image-context.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE_PACKAGES = ['esbuild', '@esbuild/linux-x64', 'koffi', '@koromix/koffi-linux-x64'];

const IMAGES = {
  reference: { tag: 'greenlight-reference:local', dockerfile: 'reference.Dockerfile', assemble: assembleReference },
  haproxy: { tag: 'greenlight-haproxy:local', dockerfile: 'haproxy.Dockerfile', assemble: assembleHaproxy },
  prometheus: { tag: 'greenlight-prometheus:local', dockerfile: 'prometheus.Dockerfile', assemble: assemblePrometheus },
};

const { values, positionals } = parseArgs({
  options: { tag: { type: 'string' }, force: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const chosen = positionals.length === 0 ? Object.keys(IMAGES) : positionals;
for (const name of chosen) {
  if (!Object.hasOwn(IMAGES, name)) throw new Error(`no image "${name}": expected ${Object.keys(IMAGES).join(', ')}`);
}
if (values.tag !== undefined && chosen.length !== 1) throw new Error('--tag renames one image: name exactly one');

for (const name of chosen) {
  const image = IMAGES[name];
  const line = await buildImage({
    tag: values.tag ?? image.tag,
    dockerfile: join(root, 'docker', image.dockerfile),
    assemble: image.assemble,
    force: values.force,
  });
  process.stdout.write(`${line}\n`);
}

/**
 * The host's node binary, and greenlight's CLI as one esbuild bundle with every pure-JS
 * dependency inside; only the packages with native binaries (esbuild, koffi) are copied.
 */
async function assembleReference(rootfs) {
  copyBinaryWithLibraries(process.execPath, rootfs, '/usr/local/bin/node');
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
}

/** Debian's haproxy (apt-get install haproxy), where the official image keeps its configuration. */
function assembleHaproxy(rootfs) {
  copyBinaryWithLibraries(hostBinary('haproxy', 'haproxy'), rootfs, '/usr/local/sbin/haproxy');
  mkdirSync(join(rootfs, 'usr', 'local', 'etc', 'haproxy'), { recursive: true });
  mkdirSync(join(rootfs, 'run'), { recursive: true });
}

/** Debian's prometheus (apt-get install prometheus), laid out as the official image is. */
function assemblePrometheus(rootfs) {
  copyBinaryWithLibraries(hostBinary('prometheus', 'prometheus'), rootfs, '/bin/prometheus');
  mkdirSync(join(rootfs, 'etc', 'prometheus'), { recursive: true });
  mkdirSync(join(rootfs, 'prometheus'), { recursive: true });
}

/** A program on PATH or in Debian's sbin folders; a message naming the package when it is not installed. */
function hostBinary(name, debianPackage) {
  const folders = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin', '/sbin'];
  for (const folder of folders) {
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  throw new Error(
    `the ${name} image is built from the host's ${name}, which is not installed (apt-get install ${debianPackage})`,
  );
}
