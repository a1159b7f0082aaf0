// Every property is a callable no-op: enough for modules to load, nothing to run.
const noop = () => {};
const handler = { get: (target, key) => (key in target ? target[key] : new Proxy(noop, handler)), apply: () => new Proxy(noop, handler) };
module.exports = new Proxy({}, handler);
