/**
 * The team view's wire (relay/team-wire.ts) and a desk's reading of it (relay/desk-team.ts): the
 * whole picture, then changes with seq + 1; a gap or another relay instance asks for the whole
 * picture again; a desk sees its own queues' members and its extra colleagues, never itself, bounded;
 * a message of a newer version or with junk entries is refused or read without them.
 */
import { describe, expect, it } from 'vitest';
import { DeskTeam } from '../../../electron/core/relay/desk-team.ts';
import { decodeTeam, encodeTeam, type TeamMessage } from '../../../electron/core/relay/team-wire.ts';
import type { MemberRow } from '../../../electron/core/team/model.ts';

const row = (name: string, paused = false, reason = ''): MemberRow => ({ name, status: 1, paused, reason });
const bytes = (text: string) => new TextEncoder().encode(text);

function message(seq: number, whole: boolean, parts: Partial<TeamMessage> = {}, relay = 'A'): Uint8Array {
  return bytes(encodeTeam({ seq, relay, whole, hints: new Map(), members: new Map(), queues: new Map(), ...parts }));
}

const wholePicture = message(5, true, {
  hints: new Map([
    ['1001', { state: 'idle', since: null }],
    ['1002', { state: 'inuse', since: 1000 }],
    ['1003', { state: 'idle', since: null }],
    ['1050', { state: 'ringing', since: null }],
  ]),
  members: new Map([
    [
      'support',
      new Map([
        ['1001', row('Me')],
        ['1002', row('Ana', true, 'Lunch')],
      ]),
    ],
    ['sales', new Map([['1003', row('Bo')]])],
  ]),
});

function deskTeam(options: { extensions?: string[]; maxMembers?: number } = {}) {
  const fetched: number[] = [];
  const told = { changes: 0 };
  let answer = wholePicture;
  const team = new DeskTeam({
    extension: '1001',
    ...options,
    fetch: () => {
      fetched.push(Date.now());
      return Promise.resolve(answer);
    },
    onChange: () => void told.changes++,
  });
  return { team, fetched, told, answerWith: (data: Uint8Array) => (answer = data) };
}

describe('desk team view', () => {
  it('has no team until the relay sent one', () => {
    expect(deskTeam().team.info(['support'])).toBeUndefined();
  });

  it("shows its own queues' members and its extra colleagues, never itself, with hints and pauses", async () => {
    const { team } = deskTeam({ extensions: ['1050', '1001'] });
    await team.refresh();
    const info = team.info(['support'])!;
    expect(info.members.map((m) => [m.extension, m.name, m.state, m.paused, m.pausedReason, m.onCallSince, m.queues])).toEqual([
      ['1002', 'Ana', 'inuse', true, 'Lunch', 1000, ['support']],
      ['1050', '', 'ringing', null, '', null, []],
    ]);
    // A queue the relay has no numbers for: zeros, as a direct desk shows it.
    expect(info.queues).toMatchObject([{ name: 'support', callsWaiting: 0, serviceLevel: null }]);
    expect(team.info(['sales', 'support'])!.members.map((m) => m.extension)).toEqual(['1002', '1003', '1050']);
    // The same object while nothing changed, whatever the queues' order (shells compare by identity).
    expect(team.info(['support', 'sales'])).toBe(team.info(['sales', 'support']));
  });

  it('a change of a colleague outside its queues changes nothing here: the same TeamInfo, no one told', async () => {
    const { team, told } = deskTeam();
    await team.refresh();
    const before = team.info(['support'])!;
    const changes = told.changes;
    team.published(message(6, false, { hints: new Map([['1003', { state: 'ringing', since: null }]]) }));
    expect(team.info(['support'])).toBe(before);
    expect(told.changes).toBe(changes);
    // A colleague of its own: one entry replaced, the others kept as they were.
    team.published(message(7, false, { hints: new Map([['1002', { state: 'ringing', since: null }]]) }));
    const after = team.info(['support'])!;
    expect(after.members[0]!.state).toBe('ringing');
    expect(after.queues).toBe(before.queues);
    expect(told.changes).toBe(changes + 1);
  });

  it('keeps to maxMembers, the first by extension', async () => {
    const { team } = deskTeam({ maxMembers: 1, extensions: ['1050'] });
    await team.refresh();
    expect(team.info(['sales', 'support'])!.members.map((m) => m.extension)).toEqual(['1002']);
  });

  it('applies seq + 1 (a null is gone), ignores an old seq, and asks again on a gap or another relay', async () => {
    const { team, fetched, answerWith } = deskTeam();
    await team.refresh();
    team.published(message(6, false, { hints: new Map([['1002', { state: 'idle', since: null }]]), members: new Map([['sales', null]]) }));
    expect(team.info(['sales', 'support'])!.members.map((m) => [m.extension, m.state])).toEqual([['1002', 'idle']]);
    team.published(message(4, false, { hints: new Map([['1002', { state: 'ringing', since: null }]]) }));
    expect(team.info(['support'])!.members[0]!.state).toBe('idle');
    expect(fetched).toHaveLength(1);
    answerWith(message(9, true, { members: new Map([['support', new Map([['1004', row('Cy')]])]]) }));
    team.published(message(8, false));
    await team.refresh();
    expect(fetched).toHaveLength(2);
    expect(team.info(['support'])!.members.map((m) => m.extension)).toEqual(['1004']);
    team.alive('A');
    expect(fetched).toHaveLength(2);
    team.alive('B');
    await team.refresh();
    expect(fetched).toHaveLength(3);
  });
});

describe('team wire', () => {
  it('refuses a newer version and anything that is no team message, in words', () => {
    expect(decodeTeam(bytes('{"v":2,"seq":1,"relay":"A","whole":true}'))).toMatchObject({ error: { code: 'relay.newer-version' } });
    expect(decodeTeam(bytes('not json'))).toMatchObject({ error: { code: 'relay.bad-request' } });
    expect(decodeTeam(bytes('{"v":1,"seq":"1","relay":"A","whole":true}'))).toMatchObject({ error: { code: 'relay.bad-request' } });
  });

  it('leaves out entries that make no sense: an unknown state, a key that is no extension, a row of the wrong shape', () => {
    const read = decodeTeam(
      bytes(
        JSON.stringify({
          v: 1,
          seq: 1,
          relay: 'A',
          whole: true,
          hints: { '1002': ['dancing', null], '1003': ['idle', null], 'a b': ['idle', null] },
          members: { support: { '1002': ['Ana', 1, false, ''], '1003': 'junk' }, sales: 7 },
          queues: { support: { name: 'other' } },
        }),
      ),
    ) as TeamMessage;
    expect([...read.hints.keys()]).toEqual(['1003']);
    expect([...read.members.get('support')!.keys()]).toEqual(['1002']);
    expect(read.members.get('sales')!.size).toBe(0);
    expect(read.queues.size).toBe(0);
  });
});
