/**
 * The DID memory (electron/core/agent/dids.ts): a call's first channel tells the number dialled, its
 * hangup forgets it, other channels change nothing, and a PBX's worth of calls never grows it past its bound.
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { DIDS_LIMIT, didOf, remember, type Dids } from '../../../electron/core/agent/dids.ts';

/** An event as Asterisk writes it: Uniqueid then Linkedid, CRLF lines. */
function event(name: string, fields: Array<[string, string]>): AmiMessage {
  return AmiMessage.from([['Event', name], ['Privilege', 'call,all'], ...fields]);
}
const firstChannel = (uid: string, exten: string) =>
  event('Newchannel', [['Channel', `PJSIP/trunk-${uid}`], ['Context', 'from-external'], ['Exten', exten], ['Uniqueid', uid], ['Linkedid', uid]]);
const laterChannel = (uid: string, linkedid: string, exten: string) =>
  event('Newchannel', [['Channel', `PJSIP/1001-${uid}`], ['Context', 'from-internal'], ['Exten', exten], ['Uniqueid', uid], ['Linkedid', linkedid]]);
const hangup = (uid: string, linkedid: string) => event('Hangup', [['Channel', `PJSIP/x-${uid}`], ['Uniqueid', uid], ['Linkedid', linkedid]]);

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
    expect(remember([], event('Newchannel', [['Uniqueid', '1.1'], ['Linkedid', '1.1']]))).toEqual([]);
  });

  it('a Status item of a first channel tells its DNID (a login mid-call)', () => {
    const status = event('Status', [['Channel', 'PJSIP/trunk-1'], ['Exten', 's'], ['DNID', '600'], ['Uniqueid', '1700000000.4'], ['Linkedid', '1700000000.4']]);
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
});
