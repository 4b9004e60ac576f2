// Bundles the CLI and the public library entry with esbuild. Dependencies stay external
// (they are installed next to the package); only our own sources are bundled.
import { build } from 'esbuild';

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    // The native engine's worker threads (greenlight run --workers N) start from this file.
    'load-worker': 'src/load/engines/native/workers/worker-main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
