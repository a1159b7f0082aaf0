/**
 * Issue 18: the team view's rules (renderer/src/lib/team.ts): lamps, finding by name or extension,
 * free first for a transfer, names as plain words, the arrows over the list. (The palette's colleagues
 * are tested in Chromium: test/e2e/team.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../../electron/core/agent/state.ts';
import type { Colleague, Snapshot } from '../../../electron/shared/snapshot.ts';
import { colleagueName, colleaguesOf, findColleagues, freeFirst, lampOf, movedTo } from '../../../renderer/src/lib/team.ts';

const colleague = (extension: string, name: string, state: Colleague['state'], paused: boolean | null = false): Colleague => ({
  extension,
  name,
  state,
  paused,
  pausedReason: '',
  onCallSince: null,
  queues: [],
});
const team = [
  colleague('1001', 'Agent One', 'idle'),
  colleague('1002', 'Ana Núñez', 'inuse'),
  colleague('1003', 'Bruno', 'idle', true),
  colleague('1004', 'Carla', 'idle'),
  colleague('1005', '', 'unavailable', null),
  colleague('1006', 'Dora', 'ringing'),
];
const snapshot: Snapshot = { ...emptySnapshot(agentIdentity({ extension: '1001' })), team: { members: team, queues: [] } };

describe('the team view', () => {
  it('gives each state its lamp, paused apart from free, an unknown state offline', () => {
    expect(team.map(lampOf)).toEqual(['free', 'busy', 'paused', 'free', 'offline', 'ringing']);
    expect(lampOf(colleague('1', 'x', 'unknown'))).toBe('offline');
    expect(lampOf(colleague('1', 'x', 'onhold'))).toBe('onhold');
  });

  it('leaves the agent out, and finds colleagues by any part of the name (accents ignored) or the extension', () => {
    const colleagues = colleaguesOf(snapshot);
    expect(colleagues.map((c) => c.extension)).toEqual(['1002', '1003', '1004', '1005', '1006']);
    expect(findColleagues(colleagues, 'nunez').map((c) => c.extension)).toEqual(['1002']);
    expect(findColleagues(colleagues, 'ANA 1002').map((c) => c.extension)).toEqual(['1002']);
    expect(findColleagues(colleagues, '100').length).toBe(5);
    expect(findColleagues(colleagues, '  ').length).toBe(5);
    expect(findColleagues(colleagues, 'zoe')).toEqual([]);
    expect(colleaguesOf(null)).toEqual([]);
  });

  it('puts the free first for a transfer, then paused, ringing, busy, offline, each in the PBX order', () => {
    expect(freeFirst(colleaguesOf(snapshot)).map((c) => c.extension)).toEqual(['1004', '1003', '1006', '1002', '1005']);
  });

  it('shows a name as plain words: control characters become spaces, no name is the extension', () => {
    expect(colleagueName(colleague('1007', 'Eva\u001b]0;pwned\u0007Ruiz\r\n', 'idle'))).toBe('Eva ]0;pwned Ruiz');
    expect(colleagueName(colleague('1005', '', 'idle'))).toBe('1005');
    expect(colleagueName(colleague('1008', '<b>Hi</b>', 'idle'))).toBe('<b>Hi</b>');
  });

  it('moves the choice with the arrows, wrapping, from nothing chosen', () => {
    expect(movedTo('ArrowDown', -1, 3)).toBe(0);
    expect(movedTo('ArrowDown', 2, 3)).toBe(0);
    expect(movedTo('ArrowUp', 0, 3)).toBe(2);
    expect(movedTo('ArrowUp', -1, 3)).toBe(2);
    expect(movedTo('Enter', 0, 3)).toBeNull();
    expect(movedTo('ArrowDown', -1, 0)).toBeNull();
  });
});
