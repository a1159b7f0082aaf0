/**
 * The DID memory (electron/core/agent/dids.ts): a call's first channel tells the number dialled, its
 * hangup forgets it, other channels change nothing, and a PBX's worth of calls never grows it past its bound.
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { DIDS_LIMIT, didOf, remember, type Dids } from '../../../electron/core/agent/dids.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { emptyState } from '../../../electron/core/agent/state.ts';
import { prng } from '../hostile/strings.ts';

/** An event as Asterisk writes it: Uniqueid then Linkedid, CRLF lines. */
function event(name: string, fields: Array<[string, string]>): AmiMessage {
  return AmiMessage.from([['Event', name], ['Privilege', 'call,all'], ...fields]);
}
const firstChannel = (uid: string, exten: string) =>
  event('Newchannel', [
    ['Channel', `PJSIP/trunk-${uid}`],
    ['Context', 'from-external'],
    ['Exten', exten],
    ['Uniqueid', uid],
    ['Linkedid', uid],
  ]);
const laterChannel = (uid: string, linkedid: string, exten: string) =>
  event('Newchannel', [
    ['Channel', `PJSIP/1001-${uid}`],
    ['Context', 'from-internal'],
    ['Exten', exten],
    ['Uniqueid', uid],
    ['Linkedid', linkedid],
  ]);
const hangup = (uid: string, linkedid: string) =>
  event('Hangup', [
    ['Channel', `PJSIP/x-${uid}`],
    ['Uniqueid', uid],
    ['Linkedid', linkedid],
  ]);

describe('the DID memory', () => {
  it("keeps the first channel's Exten, not a later channel's, and forgets it when the first channel hangs up", () => {
    let dids: Dids = [];
    dids = remember(dids, firstChannel('1700000000.1', '600'));
    const before = dids;
    dids = remember(dids, laterChannel('1700000000.2', '1700000000.1', '1001'));
    expect(dids).toBe(before);
    expect(didOf(dids, '1700000000.1')).toBe('600');
    // Another leg of the call hangs up: still the call's DID.
    dids = remember(dids, hangup('1700000000.2', '1700000000.1'));
    expect(didOf(dids, '1700000000.1')).toBe('600');
    dids = remember(dids, hangup('1700000000.1', '1700000000.1'));
    expect(didOf(dids, '1700000000.1')).toBeNull();
    expect(dids).toEqual([]);
  });

  it('`s` or no Exten is no DID', () => {
    expect(remember([], firstChannel('1700000000.3', 's'))).toEqual([]);
    expect(
      remember(
        [],
        event('Newchannel', [
          ['Uniqueid', '1.1'],
          ['Linkedid', '1.1'],
        ]),
      ),
    ).toEqual([]);
  });

  it('a Status item of a first channel tells its DNID (a login mid-call)', () => {
    const status = event('Status', [
      ['Channel', 'PJSIP/trunk-1'],
      ['Exten', 's'],
      ['DNID', '600'],
      ['Uniqueid', '1700000000.4'],
      ['Linkedid', '1700000000.4'],
    ]);
    expect(didOf(remember([], status), '1700000000.4')).toBe('600');
  });

  it(`stays within ${DIDS_LIMIT} calls whose hangups it never sees, dropping the oldest`, () => {
    let dids: Dids = [];
    const calls = DIDS_LIMIT * 3;
    for (let i = 0; i < calls; i++) dids = remember(dids, firstChannel(`1700000000.${i}`, String(600 + (i % 7))));
    expect(dids.length).toBe(DIDS_LIMIT);
    expect(didOf(dids, '1700000000.0')).toBeNull();
    expect(didOf(dids, `1700000000.${calls - 1}`)).toBe(String(600 + ((calls - 1) % 7)));
  });

  it('takes 20,000 hostile events through the engine without a throw, and stays bounded', () => {
    const random = prng(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const ids = ['1700000000.1', '', ' ', '1700000000.1\r', 'x'.repeat(5000), '\u2028', '1700000000.' + '9'.repeat(40), 'Linkedid: 1'];
    const values = ['600', 's', '', '\u0000', '6'.repeat(10_000), 'Exten: 700', '+34 600 000 000', '\ud800'];
    let state = emptyState(agentIdentity({ extension: '1001' }), 0);
    for (let i = 0; i < 20_000; i++) {
      const uid = random() < 0.5 ? `1700000001.${i}` : pick(ids);
      const linked = random() < 0.7 ? uid : pick(ids);
      const fields: Array<[string, string]> = [];
      if (random() < 0.9) fields.push(['Uniqueid', uid]);
      if (random() < 0.9) fields.push(['Linkedid', linked]);
      if (random() < 0.8) fields.push([pick(['Exten', 'DNID', 'Exten ', 'exten']), pick(values)]);
      if (random() < 0.3) fields.reverse();
      const message = event(pick(['Newchannel', 'Hangup', 'Status', 'Newstate']), fields);
      state = ingest(state, message, i);
    }
    expect(state.dids.length).toBeLessThanOrEqual(DIDS_LIMIT);
    expect(state.snapshot.calls).toEqual([]);
  });
});
