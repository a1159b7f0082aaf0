/** Small helpers over plain JSON objects: deep merge and dotted paths (`pbx.host`). */

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars from `over` replace. Neither input is changed. */
export function mergeDeep<T extends Json>(base: T, over: Json): T {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return out as T;
}

export function getPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `object` with `path` set to `value` (creating objects on the way). */
export function setPath<T extends Json>(object: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return object;
  const child = object[head];
  const next = rest.length ? setPath(isPlainObject(child) ? child : {}, rest.join('.'), value) : value;
  return { ...object, [head]: next };
}

/** Every dotted path that leads to a non-object value (arrays count as values). */
export function leafPaths(object: Json, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) ? leafPaths(value, path) : [path];
  });
}
