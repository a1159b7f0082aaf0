import { describe, expect, it } from 'vitest';
import {
  AgiEnvironmentReader,
  AgiLineReader,
  AgiReplyReader,
  agiRequest,
  getData,
  MAX_ENVIRONMENT_LINES,
  quote,
  setVariable,
} from '../../../electron/core/agi/codec.ts';
import { environmentBlock, parseAgiArgs } from '../../../electron/core/demo/fastagi.ts';

const CALL = { host: '127.0.0.1', port: 4573, script: 'validate?key=42&prompt=custom/enter', args: ['+15550109000', 'two words'] };

function readEnvironment(text: string): Record<string, string> {
  const reader = new AgiEnvironmentReader();
  const lines = new AgiLineReader();
  for (const line of lines.push(Buffer.from(text))) if (reader.add(line)) return { ...reader.environment };
  throw new Error('the block did not end');
}

describe('AgiLineReader', () => {
  it('gives the same lines whatever the split, also inside a UTF-8 character, and drops a CR before the LF', () => {
    const text = Buffer.from('agi_calleridname: Zoë Müller\r\nagi_context: ivr\n\n');
    const whole = new AgiLineReader().push(text);
    expect(whole).toEqual(['agi_calleridname: Zoë Müller', 'agi_context: ivr', '']);
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = new AgiLineReader();
      expect([...reader.push(text.subarray(0, cut)), ...reader.push(text.subarray(cut))]).toEqual(whole);
    }
    const bytewise = new AgiLineReader();
    expect([...text].flatMap((b) => bytewise.push(Buffer.from([b])))).toEqual(whole);
  });

  it('refuses a line past the limit before holding it whole, and bytes that are not UTF-8', () => {
    const reader = new AgiLineReader(1024);
    expect(() => {
      for (let i = 0; i < 1024; i++) reader.push(Buffer.alloc(1024, 0x41));
    }).toThrow('a line longer than 1024 bytes');
    expect(() => new AgiLineReader().push(Buffer.from([0x61, 0xff, 0xfe, 0x0a]))).toThrow('not UTF-8');
  });
});

describe('the environment block', () => {
  it("reads Asterisk's block: the network script, its parameters and the AGI() arguments", () => {
    const env = readEnvironment(environmentBlock(CALL));
    expect(env).toMatchObject({ network: 'yes', channel: 'PJSIP/9000-00000003', callerid: 'unknown', accountcode: '', arg_2: 'two words' });
    const request = agiRequest(env);
    expect(request.script).toBe('validate');
    expect(request.params.get('key')).toBe('42');
    expect(request.params.get('prompt')).toBe('custom/enter');
    expect(request.args).toEqual(['+15550109000', 'two words']);
  });

  it('refuses an endless block and a line that is not agi_name: value', () => {
    const reader = new AgiEnvironmentReader();
    expect(() => {
      for (let i = 0; i <= MAX_ENVIRONMENT_LINES; i++) reader.add(`agi_x${i}: y`);
    }).toThrow(`more than ${MAX_ENVIRONMENT_LINES} lines`);
    expect(() => new AgiEnvironmentReader().add('GET / HTTP/1.1')).toThrow('not "agi_name: value"');
  });
});

describe('answers', () => {
  it('reads 200 with result and data, 510, 511 and the multi-line 520', () => {
    const replies = new AgiReplyReader();
    expect(replies.add('200 result=1')).toEqual({ code: 200, result: '1', data: '' });
    expect(replies.add('200 result=1234 (timeout)')).toEqual({ code: 200, result: '1234', data: 'timeout' });
    expect(replies.add('200 result= (timeout)')).toEqual({ code: 200, result: '', data: 'timeout' });
    expect(replies.add('200 result=0 endpos=8000')).toMatchObject({ code: 200, result: '0' });
    expect(replies.add('510 Invalid or unknown command')).toEqual({ code: 510, result: '', data: 'Invalid or unknown command' });
    expect(replies.add('511 Command Not Permitted on a dead channel or intercepted by another command')).toMatchObject({ code: 511 });
    expect(replies.add('520-Invalid command syntax.  Proper usage follows:')).toBeNull();
    expect(replies.add(' Usage: SET VARIABLE <variablename> <value>')).toBeNull();
    expect(replies.add('520 End of proper usage.')).toMatchObject({ code: 520 });
    expect(() => replies.add('hello')).toThrow('not "200 result=..."');
  });
});

describe('commands', () => {
  it('quotes a value so res_agi parses back exactly the value, without control characters', () => {
    for (const value of ['Ada Lovelace', 'Siobhán O’Brien', 'say "hi"', 'back\\slash\\', '', '  spaces  ', 'a\\"b']) {
      expect(parseAgiArgs(setVariable('CUSTOMER_NAME', value))).toEqual(['SET', 'VARIABLE', 'CUSTOMER_NAME', value]);
    }
    const injected = setVariable('CUSTOMER_NAME', 'x"\nEXEC System rm\r\n"');
    expect(injected).not.toMatch(/[\r\n]/);
    expect(parseAgiArgs(injected)).toEqual(['SET', 'VARIABLE', 'CUSTOMER_NAME', 'x" EXEC System rm "']);
    // A terminal's escape loses its ESC: what is left is plain text.
    expect(quote('a\u0007b\u001b[2Jc')).toBe('"a b [2Jc"');
  });

  it('refuses a variable name or sound file that could carry a second command', () => {
    expect(() => setVariable('X Y', '1')).toThrow('not a channel variable name');
    expect(() => setVariable('X\nEXEC', '1')).toThrow('not a channel variable name');
    expect(() => getData('../../etc/passwd', 5000, 4)).toThrow('not a sound file name');
    expect(() => getData('a b', 5000, 4)).toThrow('not a sound file name');
    expect(getData('custom/enter-account', 5000, 6)).toBe('GET DATA custom/enter-account 5000 6');
  });
});
