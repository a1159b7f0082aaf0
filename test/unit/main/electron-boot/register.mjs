/**
 * `node --import register.mjs <app>/dist/electron/main/index.js` runs the compiled app the way
 * `electron .` would, in plain Node: 'electron' (ESM import or CJS require) resolves to the fake in
 * electron.cjs, the process looks like Electron's main process, and harness.mjs reports once the app
 * has settled. The fake itself is first loaded by the app (its `ready` comes after the entry has run).
 */
import Module, { register } from 'node:module';
import { readFileSync } from 'node:fs';

register('./hooks.mjs', import.meta.url);
const fake = new URL('./electron.cjs', import.meta.url).pathname;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? fake : resolveFilename.call(this, request, ...rest);
};

// What Electron's runtime sets for `electron .` (run in the app's folder): argv is [electron, '.'].
const { version } = JSON.parse(readFileSync(new URL('../../../../node_modules/electron/package.json', import.meta.url), 'utf8'));
process.argv = [process.argv[0], '.', ...process.argv.slice(2)];
process.defaultApp = true;
process.type = 'browser';
Object.defineProperty(process.versions, 'electron', { value: version, enumerable: true });

await import('./harness.mjs');
