/**
 * Validated AMI actions. The only way to put bytes on the wire is an AmiAction made here, and
 * every key and value is checked: a CR or LF would end the header and let a caller ID or a pause
 * reason inject a whole action of its own, so control bytes are refused with an error that names
 * the field. Callers cannot bypass it: the constructor is private and the client writes only
 * `serialize()` of an AmiAction.
 */
export type FieldValue = string | number | boolean | undefined | null | ReadonlyArray<string>;
export type ActionFields = Readonly<Record<string, FieldValue>>;

export class AmiFieldError extends Error {
  override name = 'AmiFieldError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`AMI field "${field}" ${reason}`);
  }
}

// Keys are header names: letters, digits, '-', '_', and the '(' ')' of `ChanVariable(x)` forms.
const KEY = /^[A-Za-z][A-Za-z0-9_()-]{0,63}$/;
// C0 control bytes (CR, LF, NUL, ...) and DEL; TAB is harmless inside a header value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
export const MAX_VALUE_LENGTH = 8192;

export class AmiAction {
  private constructor(
    readonly name: string,
    readonly fields: ReadonlyArray<readonly [string, string]>,
  ) {}

  /** Builds an action; throws AmiFieldError naming the first bad field. */
  static build(name: string, fields: ActionFields = {}): AmiAction {
    checkValue('Action', name);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new AmiFieldError('Action', `is not an action name: ${JSON.stringify(name.slice(0, 40))}`);
    const out: Array<readonly [string, string]> = [];
    for (const [key, value] of Object.entries(fields)) {
      if (!KEY.test(key)) throw new AmiFieldError(key.slice(0, 40), 'is not a valid header name');
      const lower = key.toLowerCase();
      if (lower === 'action' || lower === 'actionid') throw new AmiFieldError(key, 'is set by the client, not by the caller');
      if (value === undefined || value === null) continue;
      const values = typeof value === 'object' ? value : [valueText(value)];
      for (const v of values) {
        checkValue(key, v);
        out.push([key, v]);
      }
    }
    return new AmiAction(name, out);
  }

  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    return this.fields.find(([k]) => k.toLowerCase() === wanted)?.[1];
  }

  /** The bytes to write, with the client's ActionID. */
  serialize(actionId: string): string {
    checkValue('ActionID', actionId);
    let text = `Action: ${this.name}\r\nActionID: ${actionId}\r\n`;
    for (const [k, v] of this.fields) text += `${k}: ${v}\r\n`;
    return text + '\r\n';
  }

  /** The action as text for logs, with secrets masked. */
  describe(): string {
    const parts = this.fields.map(([k, v]) => `${k}=${/secret|key|password/i.test(k) ? '***' : JSON.stringify(v)}`);
    return `${this.name}(${parts.join(', ')})`;
  }
}

function valueText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

function checkValue(field: string, value: string): void {
  if (typeof value !== 'string') throw new AmiFieldError(field, 'is not text');
  const bad = CONTROL.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    const what = code === 13 || code === 10 ? 'a line break (CR/LF), which would inject AMI headers' : `a control character (0x${code.toString(16).padStart(2, '0')})`;
    throw new AmiFieldError(field, `contains ${what}`);
  }
  if (value.length > MAX_VALUE_LENGTH) throw new AmiFieldError(field, `is longer than ${MAX_VALUE_LENGTH} characters`);
}
