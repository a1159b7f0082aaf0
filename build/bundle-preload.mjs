/**
 * Bundles the preload script into one CommonJS file: a sandboxed preload cannot import other files or
 * ES modules. Output: dist/electron/preload/index.cjs (what electron/main/app.ts loads).
 * Run after `npm run build:core`: `node build/bundle-preload.mjs`.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundlePreload(outfile = `${root}dist/electron/preload/index.cjs`) {
  await build({
    entryPoints: [`${root}electron/preload/index.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundlePreload(process.argv[2]);
  process.stdout.write(`preload bundled: ${out}\n`);
}
