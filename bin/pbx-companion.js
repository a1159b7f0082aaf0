#!/usr/bin/env node
// The package's bin: runs the compiled CLI (npm run build:core), or the TypeScript through tsx in a checkout.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist/electron/core/cli.js');
if (existsSync(compiled)) {
  const { main } = await import(pathToFileURL(compiled).href);
  const { processIO } = await import(pathToFileURL(path.join(root, 'dist/electron/core/cli/io.js')).href);
  process.exitCode = await main(process.argv.slice(2), processIO());
} else {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'electron/core/cli.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exitCode = r.status ?? 1;
}
