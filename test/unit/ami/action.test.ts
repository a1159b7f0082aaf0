import { describe, expect, it } from 'vitest';
import { AmiAction, AmiFieldError, MAX_VALUE_LENGTH } from '../../../electron/core/ami/action.ts';

function refusal(fn: () => unknown): AmiFieldError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AmiFieldError);
    return error as AmiFieldError;
  }
  throw new Error('expected an AmiFieldError');
}

describe('AmiAction.build refuses', () => {
  const controls: Array<[string, string]> = [
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['unit separator', '\u001f'],
    ['DEL', '\u007f'],
  ];
  for (const [label, byte] of controls) {
    it(`${label} in a value, naming the field`, () => {
      const e = refusal(() => AmiAction.build('QueuePause', { Interface: 'PJSIP/1001', Reason: `lunch${byte}Action: Originate` }));
      expect(e.field).toBe('Reason');
      expect(e.message).toContain('"Reason"');
    });
    it(`${label} in an item of an array value`, () => {
      const e = refusal(() => AmiAction.build('Originate', { Variable: ['A=1', `B=2${byte}`] }));
      expect(e.field).toBe('Variable');
    });
    it(`${label} in the action name`, () => {
      expect(refusal(() => AmiAction.build(`Ping${byte}`)).field).toBe('Action');
    });
  }

  it('says CR/LF would inject headers', () => {
    expect(refusal(() => AmiAction.build('Ping', { X: 'a\r\nb' })).message).toMatch(/line break.*inject/);
    expect(refusal(() => AmiAction.build('Ping', { X: 'a\u0000b' })).message).toContain('0x00');
  });

  it('bad keys: spaces, colons, control bytes, empty, leading digit, too long', () => {
    for (const key of ['Bad Key', 'Key:', 'Ke\ry', '', '1Key', 'K'.repeat(65), 'Key\u00e9']) {
      expect(refusal(() => AmiAction.build('Ping', { [key]: 'x' })).message).toContain('not a valid header name');
    }
  });

  it("Action and ActionID, in any case, are the client's", () => {
    for (const key of ['Action', 'ActionID', 'actionid', 'ACTION']) {
      const e = refusal(() => AmiAction.build('Ping', { [key]: 'x' }));
      expect(e.field).toBe(key);
      expect(e.message).toContain('set by the client');
    }
  });

  it('a bad action name', () => {
    for (const name of ['', 'Queue Pause', 'Ping:', '9Ping']) expect(refusal(() => AmiAction.build(name)).field).toBe('Action');
  });

  it('a value that is too long', () => {
    expect(() => AmiAction.build('Ping', { Data: 'x'.repeat(MAX_VALUE_LENGTH) })).not.toThrow();
    const e = refusal(() => AmiAction.build('Ping', { Data: 'x'.repeat(MAX_VALUE_LENGTH + 1) }));
    expect(e.field).toBe('Data');
    expect(e.message).toContain(`longer than ${MAX_VALUE_LENGTH}`);
  });

  it('a value that is not text (objects smuggled past the types)', () => {
    const e = refusal(() => AmiAction.build('Originate', { Variable: [{} as unknown as string] }));
    expect(e.field).toBe('Variable');
  });

  it('an ActionID with a line break at serialize time', () => {
    expect(refusal(() => AmiAction.build('Ping').serialize('id\r\nAction: Originate')).field).toBe('ActionID');
  });
});

describe('AmiAction.build accepts', () => {
  it('arrays as repeated headers in order, booleans as true/false, numbers as text; skips undefined/null', () => {
    const action = AmiAction.build('Originate', {
      Channel: 'PJSIP/1001',
      Variable: ['CUSTOMER_ID=C-1042', 'CUSTOMER_NAME=Ada Lovelace'],
      Async: true,
      EarlyMedia: false,
      Priority: 1,
      Account: undefined,
      Codecs: null,
    });
    expect(action.serialize('pc-1')).toBe(
      'Action: Originate\r\nActionID: pc-1\r\nChannel: PJSIP/1001\r\nVariable: CUSTOMER_ID=C-1042\r\nVariable: CUSTOMER_NAME=Ada Lovelace\r\n' +
        'Async: true\r\nEarlyMedia: false\r\nPriority: 1\r\n\r\n',
    );
  });

  it('TAB, quotes and non-ASCII in values, and ChanVariable(x) style keys', () => {
    const action = AmiAction.build('Setvar', { 'ChanVariable(local)': 'x', Value: '"Zoë"\t<0049301234>' });
    expect(action.get('value')).toBe('"Zoë"\t<0049301234>');
  });

  it('describe() masks secrets and keys', () => {
    const text = AmiAction.build('Login', { Username: 'u', Secret: 's3cret', Key: 'abc' }).describe();
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('abc');
    expect(text).toContain('"u"');
  });
});
