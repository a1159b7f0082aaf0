import { describe, expect, it } from 'vitest';
import { frameAll } from '../../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { readRaw } from '../../support/fixtures.ts';

const msg = (...lines: string[]) => new AmiMessage(lines.join('\r\n'));

describe('AmiMessage', () => {
  it('looks keys up case-insensitively', () => {
    const m = msg('Event: Newchannel', 'CallerIDNum: 1001', 'actionid: a-1');
    expect(m.get('calleridnum')).toBe('1001');
    expect(m.get('CALLERIDNUM')).toBe('1001');
    expect(m.get('ActionID')).toBe('a-1');
    expect(m.get('Missing')).toBeUndefined();
    expect(m.has('callerIdNum')).toBe(true);
  });

  it('keeps repeated keys in order, and get() gives the first', () => {
    const m = msg('Response: Success', 'Output: line 1', 'output: line 2', 'Output: line 3');
    expect(m.getAll('Output')).toEqual(['line 1', 'line 2', 'line 3']);
    expect(m.get('Output')).toBe('line 1');
    expect(m.toJSON()).toEqual({ Response: 'Success', Output: ['line 1', 'line 3'], output: 'line 2' });
  });

  it('keeps values exactly: leading zeros, spaces, colons, non-ASCII', () => {
    const m = msg(
      'Event: X',
      'CallerIDNum: 004930123456',
      'CallerIDName:  two spaces ',
      'Uniqueid: 1795661960.30',
      'Data: a: b: c',
      'Name: Zoë Ñandú',
    );
    expect(m.get('CallerIDNum')).toBe('004930123456');
    expect(typeof m.get('CallerIDNum')).toBe('string');
    expect(m.get('CallerIDName')).toBe(' two spaces ');
    expect(m.get('Uniqueid')).toBe('1795661960.30');
    expect(m.get('Data')).toBe('a: b: c');
    expect(m.get('Name')).toBe('Zoë Ñandú');
  });

  it('keeps empty values (Hint: after a restart, PausedReason:)', () => {
    const m = msg('Event: ExtensionStatus', 'Hint: ', 'PausedReason:', 'Status: 4');
    expect(m.get('Hint')).toBe('');
    expect(m.get('PausedReason')).toBe('');
    expect(m.has('Hint')).toBe(true);
  });

  it('a line without a colon keeps its text under the empty key', () => {
    const m = msg('Response: Follows', 'Privilege: Command', 'No colon here', '--END COMMAND--');
    expect(m.getAll('')).toEqual(['No colon here', '--END COMMAND--']);
    expect(m.get('Privilege')).toBe('Command');
  });

  it('variables() reads ChanVariable, DestChanVariable and the ChanVariable(CHANNEL) form', () => {
    const m = msg(
      'Event: AgentCalled',
      'ChanVariable: CUSTOMER_ID=C-1042',
      'ChanVariable: CUSTOMER_NAME=Ada Lovelace',
      'ChanVariable: EMPTY=',
      'ChanVariable: EQ=a=b',
      'DestChanVariable: CUSTOMER_ID=C-2',
      'ChanVariable(SIP/1001-00000006): X=1',
      'ChanVariable: =no name',
    );
    expect(m.variables()).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace', EMPTY: '', EQ: 'a=b', X: '1' });
    expect(m.variables('DestChanVariable')).toEqual({ CUSTOMER_ID: 'C-2' });
  });

  it('kind and name come from the first header', () => {
    expect(msg('Event: Hangup', 'Channel: x').kind).toBe('event');
    expect(msg('Event: Hangup').name).toBe('Hangup');
    expect(msg('Response: Error', 'Message: Permission denied').kind).toBe('response');
    expect(msg('response: Success').kind).toBe('response');
    expect(msg('Foo: bar').kind).toBe('other');
    expect(msg('').kind).toBe('other');
  });

  it('from() and entries() round-trip the pairs in order', () => {
    const pairs: Array<[string, string]> = [
      ['Event', 'VarSet'],
      ['Variable', '__CUSTOMER_ID'],
      ['Value', ''],
    ];
    const m = AmiMessage.from(pairs);
    expect(m.entries()).toEqual(pairs);
    expect(m.raw).toBe('Event: VarSet\r\nVariable: __CUSTOMER_ID\r\nValue: ');
  });

  it('reads a real agent-leg event of fixture 04 with its channel variables', () => {
    const { messages } = frameAll([readRaw('asterisk-22/04-queue-call-answered.ami.raw')]);
    const called = messages.find((m) => m.name === 'AgentCalled')!;
    expect(called.get('CallerIDNum')).toBe('+15550109000');
    expect(called.variables()).toMatchObject({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    expect(called.getAll('ChanVariable').length).toBeGreaterThanOrEqual(2);
  });
});

describe('AmiMessage from bytes (as the framer makes them)', () => {
  const both = (text: string) => {
    const bytes = Buffer.from(`xx${text}yy`);
    return [new AmiMessage(text), AmiMessage.fromBytes(bytes, 2, bytes.length - 2)] as const;
  };

  it('reads kind and name from the first line alone, and the same values as from text', () => {
    for (const text of [
      'Event: Newchannel\r\nChannel: PJSIP/1001-1',
      'event:Hangup',
      'Response: Success',
      'Event: Zoë\r\nX: ü',
      'Foo: bar',
      '',
      'no colon\r\nEvent: X',
      'Event: A\rB\r\nC: d',
    ]) {
      const [fromText, fromBytes] = both(text);
      expect([fromBytes.kind, fromBytes.name], text).toEqual([fromText.kind, fromText.name]);
      expect(fromBytes.raw).toBe(text);
      expect(fromBytes.entries()).toEqual(fromText.entries());
    }
  });
});
