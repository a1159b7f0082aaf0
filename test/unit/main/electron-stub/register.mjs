// Loads a compiled main process in plain Node: 'electron' (ESM import or CJS require) resolves to a
// stub, so the test sees whether the module graph that `npm start` runs can load at all.
import Module, { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
const stub = new URL('./electron.cjs', import.meta.url).pathname;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? stub : resolveFilename.call(this, request, ...rest);
};
