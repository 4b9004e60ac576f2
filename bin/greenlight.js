#!/usr/bin/env node
// The CLI is bundled by `npm run build` (run by `npm ci`/`npm install` through `prepare`).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('greenlight: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(3);
}
await import(entry.href);
