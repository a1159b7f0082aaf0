/** The demo PBX's small parts: permissions, caller ID parsing, event text, the caller rotation. */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { CallerRotation, DEMO_CALLERS } from '../../../electron/core/demo/callers.ts';
import { formatEvent, memberEvent } from '../../../electron/core/demo/events.ts';
import { isKnownAction, mayRun, parseClasses } from '../../../electron/core/demo/permissions.ts';
import { parseCallerId } from '../../../electron/core/demo/scenarios.ts';

describe('demo permissions', () => {
  it('reads manager.conf class lists, `all` included, ignoring unknown words', () => {
    expect([...parseClasses('call, agent,bogus')].sort()).toEqual(['agent', 'call']);
    expect(parseClasses('all').has('security')).toBe(true);
    expect(parseClasses('').size).toBe(0);
  });

  it('lets an action run when the user holds any one of its classes, or when it needs none', () => {
    const limited = parseClasses('call,originate');
    expect(mayRun('Status', limited)).toBe(true);
    expect(mayRun('QueueStatus', limited)).toBe(true);
    expect(mayRun('QueuePause', limited)).toBe(false);
    expect(mayRun('CoreShowChannels', limited)).toBe(false);
    expect(mayRun('MixMonitor', limited)).toBe(false);
    expect(mayRun('StopMixMonitor', limited)).toBe(true);
    expect(mayRun('originate', limited)).toBe(true);
    expect(isKnownAction('PauseMonitor')).toBe(false);
  });
});

describe('demo caller IDs and callers', () => {
  it('parses the CallerID forms Originate takes', () => {
    expect(parseCallerId('"Click2Dial" <700>')).toEqual({ name: 'Click2Dial', number: '700' });
    expect(parseCallerId('Zoë Müller <+4930123>')).toEqual({ name: 'Zoë Müller', number: '+4930123' });
    expect(parseCallerId('+34911')).toEqual({ name: '', number: '+34911' });
    expect(parseCallerId('')).toBeUndefined();
  });

  it('rotates through callers from several countries, with accents, each with CUSTOMER_ID', () => {
    const r = new CallerRotation();
    const taken = DEMO_CALLERS.map(() => r.take());
    expect(taken).toEqual(DEMO_CALLERS);
    expect(r.take()).toBe(DEMO_CALLERS[0]);
    expect(new Set(DEMO_CALLERS.map((c) => c.number.slice(0, 3))).size).toBeGreaterThan(5);
    expect(DEMO_CALLERS.some((c) => [...c.name].some((ch) => ch.charCodeAt(0) > 127))).toBe(true);
    expect(DEMO_CALLERS.every((c) => 'CUSTOMER_ID' in c.vars && 'CUSTOMER_NAME' in c.vars)).toBe(true);
  });
});

describe('demo event text', () => {
  it('writes Event and Privilege first and ends with a blank line, parseable by AmiMessage', () => {
    const text = formatEvent(
      memberEvent('QueueMemberPause', {
        queue: 'support',
        name: 'Agent 1001',
        iface: 'PJSIP/1001',
        stateInterface: 'PJSIP/1001',
        membership: 'static',
        penalty: 0,
        callsTaken: 0,
        lastCall: 0,
        lastPause: 1,
        loginTime: 1,
        status: 1,
        paused: true,
        pausedReason: 'Almuerzo ñ',
        ringinuse: false,
      }),
    );
    expect(text.startsWith('Event: QueueMemberPause\r\nPrivilege: agent,all\r\nQueue: support\r\n')).toBe(true);
    expect(text.endsWith('Wrapuptime: 0\r\n\r\n')).toBe(true);
    const m = new AmiMessage(text.slice(0, -4));
    expect(m.get('PausedReason')).toBe('Almuerzo ñ');
    expect(m.get('Paused')).toBe('1');
  });
});
