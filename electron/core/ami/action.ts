/**
 * Validated AMI actions. The only way to put bytes on the wire is an AmiAction made here, and
 * every key and value is checked: a CR or LF would end the header and let a caller ID or a pause
 * reason inject a whole action of its own, so control bytes are refused with an error that names
 * the field. Callers cannot bypass it: the constructor is private and the client writes only
 * `serialize()` of an AmiAction.
 */
import { phrase, verbatim, type Phrase } from '../../shared/phrases/index.ts';
import { PhrasedError } from '../errors/phrased-error.ts';

export type FieldValue = string | number | boolean | undefined | null | ReadonlyArray<string>;
export type ActionFields = Readonly<Record<string, FieldValue>>;

export class AmiFieldError extends PhrasedError {
  override name = 'AmiFieldError';
  /** What is wrong with the field ("contains a line break ..."), for a sentence of the caller's own. */
  readonly reason: Phrase;
  constructor(
    readonly field: string,
    reason: string | Phrase,
  ) {
    const why = typeof reason === 'string' ? verbatim(reason) : reason;
    super(phrase('ami.field', { field, reason: why }));
    this.reason = why;
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
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
      throw new AmiFieldError('Action', phrase('ami.field-not-action', { name: JSON.stringify(name.slice(0, 40)) }));
    const out: Array<readonly [string, string]> = [];
    for (const [key, value] of Object.entries(fields)) {
      if (!KEY.test(key)) throw new AmiFieldError(key.slice(0, 40), phrase('ami.field-bad-key'));
      const lower = key.toLowerCase();
      if (lower === 'action' || lower === 'actionid') throw new AmiFieldError(key, phrase('ami.field-reserved'));
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
  if (typeof value !== 'string') throw new AmiFieldError(field, phrase('ami.field-not-text'));
  const bad = CONTROL.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    throw new AmiFieldError(
      field,
      code === 13 || code === 10
        ? phrase('ami.field-line-break')
        : phrase('ami.field-control', { hex: code.toString(16).padStart(2, '0') }),
    );
  }
  if (value.length > MAX_VALUE_LENGTH) throw new AmiFieldError(field, phrase('ami.field-too-long', { max: MAX_VALUE_LENGTH }));
}
