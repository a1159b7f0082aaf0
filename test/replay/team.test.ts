/**
 * The team view (issue 18) on the real transcripts: each colleague's lamp goes through exactly the
 * states the PBX reported for its hint (ExtensionStatus), on Asterisk 22 (PJSIP) and 18 (chan_sip),
 * list items and live events alike; the queues' numbers follow QueueParams, QueueEntry and the
 * callers' events. The transcripts' truth is in ../shared/fixtures/<set>/INDEX.md.
 */
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../electron/core/ami/framer.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ReplayClock, ReplaySession } from '../../electron/core/agent/replay.ts';
import { stanza } from '../../electron/core/doctor/manager-conf.ts';
import { TeamModel } from '../../electron/core/team/model.ts';
import type { TeamInfo } from '../../electron/shared/snapshot.ts';
import { isSent, parseEventFilters, parseReadClasses } from '../support/event-filter.ts';
import { readRaw } from '../support/fixtures.ts';
import { technologyOf } from './agent-session.ts';

/**
 * Every team shown while replaying `name` at the desk of `extension`, the agent's queues from its own
 * picture; with `filter`, only the events a session with that manager.conf stanza receives.
 */
function replayTeam(name: string, extension: string, extensions: string[], filter: string | null = null): TeamInfo[] {
  const read = filter === null ? ['all'] : parseReadClasses(filter);
  const filters = filter === null ? [] : parseEventFilters(filter);
  const identity = agentIdentity({ extension, technology: technologyOf(name) });
  const session = new ReplaySession(identity);
  const team = new TeamModel({ extension, hintContext: identity.hintContext, extensions });
  const clock = new ReplayClock();
  const shown: TeamInfo[] = [];
  const framer = new AmiFramer({
    onBanner: (b) => session.connect(b),
    onMessage: (m) => {
      const now = clock.tick(m);
      if (!isSent(m, read, filters)) return;
      session.message(m);
      team.setMyQueues(session.snapshot.queues.map((q) => q.name));
      team.apply(m, now);
      const info = team.info(now);
      if (info !== shown.at(-1)) shown.push(info);
    },
  });
  framer.push(readRaw(name));
  return shown;
}

/** The states a colleague's lamp went through, repeats folded. */
function lamps(shown: TeamInfo[], extension: string): string[] {
  const states: string[] = [];
  for (const info of shown) {
    const state = info.members.find((m) => m.extension === extension)?.state;
    if (state !== undefined && state !== states.at(-1)) states.push(state);
  }
  return states;
}

describe('colleagues’ lamps replayed from the real transcripts', () => {
  it('Asterisk 22, blind and attended transfers to 1002 (L1, L2, L3): 1002 in use while it holds the call, then idle', () => {
    for (const name of ['L1-sales-blind-transfer', 'L2-sales-attended-transfer', 'L3-support-attended-transfer-consult']) {
      const shown = replayTeam(`asterisk-22-live/${name}.ami.raw`, '1001', ['1002']);
      expect(lamps(shown, '1002'), name).toEqual(['unknown', 'inuse', 'idle']);
    }
  });

  it('Asterisk 22, at 1002’s desk: colleague 1001 rings, is in use, and idle again, as the transfer into it went (L4, L5)', () => {
    for (const name of ['L4-blind-transfer-into-agent', 'L5-attended-transfer-into-agent']) {
      const shown = replayTeam(`asterisk-22-live/${name}.ami.raw`, '1002', ['1001']);
      expect(lamps(shown, '1001'), name).toEqual(['unknown', 'ringing', 'inuse', 'idle']);
    }
  });

  it('Asterisk 22, call waiting (L6): 1001 in use and a second call ringing shows in use, never idle between', () => {
    const shown = replayTeam('asterisk-22-live/L6-call-waiting.ami.raw', '1002', ['1001']);
    expect(lamps(shown, '1001')).toEqual(['unknown', 'ringing', 'inuse', 'idle']);
  });

  it('Asterisk 22, a sync while calls go (01b): the list’s states, then the live ones, and the time the call was first seen', () => {
    const shown = replayTeam('asterisk-22/01b-initial-sync-busy.ami.raw', '1002', ['1001']);
    expect(lamps(shown, '1001')).toEqual(['unknown', 'ringing', 'idle']);
    const atMine = replayTeam('asterisk-22/01b-initial-sync-busy.ami.raw', '1001', ['1002']);
    expect(lamps(atMine, '1002')).toEqual(['unknown', 'inuse', 'idle']);
    const busy = atMine.find((t) => t.members[0]!.state === 'inuse')!.members[0]!;
    expect(busy.onCallSince).toBeGreaterThan(0);
    expect(atMine.at(-1)!.members[0]!.onCallSince).toBeNull();
  });

  it('Asterisk 18 (chan_sip), a queue call at 1001 (S04) seen from 1002’s desk: ringing, in use, idle', () => {
    const shown = replayTeam('asterisk-18/S04-queue-call-answered.ami.raw', '1002', ['1001']);
    expect(lamps(shown, '1001')).toEqual(['unknown', 'ringing', 'inuse', 'idle']);
  });

  it('Asterisk 18 (chan_sip), the initial sync (S01): both phones idle from ExtensionStateList', () => {
    const shown = replayTeam('asterisk-18/S01-initial-sync-idle.ami.raw', '1001', ['1002']);
    expect(lamps(shown, '1002')).toEqual(['unknown', 'idle']);
  });

  it('after a restart (12): the empty-Hint 4s are skipped, the list’s Unavailable shows until the phone is back', () => {
    const shown = replayTeam('asterisk-22/12-reload-and-restart.conn2.ami.raw', '1001', ['1002']);
    expect(lamps(shown, '1002')).toEqual(['unknown', 'unavailable', 'idle']);
  });
});

/**
 * The teams shown with the names left out, repeats folded: the doctor's filter passes a colleague's
 * lamps, not the caller ID of each of its calls (those names come from its endpoint: engine.ts).
 */
function withoutNames(shown: TeamInfo[]): string[] {
  const folded: string[] = [];
  for (const info of shown) {
    const text = JSON.stringify({ ...info, members: info.members.map((m) => ({ ...m, name: '' })) });
    if (text !== folded.at(-1)) folded.push(text);
  }
  return folded;
}

describe('colleagues’ names from their phones’ channels', () => {
  it('Asterisk 22 (L1): 1002’s own channel carries its caller ID name, so a team.extensions colleague is named', () => {
    const shown = replayTeam('asterisk-22-live/L1-sales-blind-transfer.ami.raw', '1001', ['1002']);
    expect(shown[0]!.members[0]!.name).toBe('');
    expect(shown.at(-1)!.members[0]!.name).toBe('Agent Two');
  });

  it('Asterisk 18 chan_sip (S04), at 1002’s desk: 1001 named from its SIP channel', () => {
    const shown = replayTeam('asterisk-18/S04-queue-call-answered.ami.raw', '1002', ['1001']);
    expect(shown.at(-1)!.members.find((m) => m.extension === '1001')!.name).toBe('Agent One');
  });
});

describe('the doctor’s event filter gives a desk its team', () => {
  const cases: Array<[string, string, string]> = [
    ['asterisk-22-live/L1-sales-blind-transfer.ami.raw', '1001', '1002'],
    ['asterisk-22-live/L4-blind-transfer-into-agent.ami.raw', '1002', '1001'],
    ['asterisk-22-live/L6-call-waiting.ami.raw', '1002', '1001'],
    ['asterisk-22/01b-initial-sync-busy.ami.raw', '1001', '1002'],
    ['asterisk-22/04-queue-call-answered.ami.raw', '1002', '1001'],
    ['asterisk-18/S04-queue-call-answered.ami.raw', '1002', '1001'],
  ];
  for (const [name, desk, colleague] of cases) {
    it(`${name} at ${desk}’s desk: the same team as unfiltered`, () => {
      const version = name.startsWith('asterisk-18/') ? '18.26.4' : '22.10.1';
      const filtered = replayTeam(name, desk, [colleague], stanza(`pbx-companion-${desk}`, desk, version));
      expect(withoutNames(filtered)).toEqual(withoutNames(replayTeam(name, desk, [colleague])));
      expect(lamps(filtered, colleague).length).toBeGreaterThan(2);
    });
  }
});

describe('the agent’s queues’ numbers replayed', () => {
  it('01b: a caller waiting in support at the sync, then abandoning', () => {
    const shown = replayTeam('asterisk-22/01b-initial-sync-busy.ami.raw', '1001', []);
    const support = shown.map((t) => t.queues.find((q) => q.name === 'support')).filter((q) => q !== undefined);
    expect(support.some((q) => q.callsWaiting === 1 && q.oldestCallerSince !== null)).toBe(true);
    expect(support.at(-1)).toMatchObject({ callsWaiting: 0, abandoned: 1, answered: 0, serviceLevel: 0, oldestCallerSince: null });
  });

  it('04: a call answered in support counts when the agent completes it', () => {
    const shown = replayTeam('asterisk-22/04-queue-call-answered.ami.raw', '1001', []);
    const support = shown.at(-1)!.queues.find((q) => q.name === 'support')!;
    expect(support).toMatchObject({ callsWaiting: 0, answered: 1, abandoned: 0 });
  });
});
