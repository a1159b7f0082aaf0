/**
 * discovery.ts against the real transcripts: which agents a PBX's own lists name (Asterisk 22 with
 * PJSIP, Asterisk 18 with chan_sip, the agent pool), and a member added later.
 */
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentOfMember, agentsOfLists, extensionOfInterface } from '../../../electron/core/relay/discovery.ts';
import { readRaw } from '../../support/fixtures.ts';

function messagesOf(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const framer = new AmiFramer({ onBanner: () => {}, onMessage: (m) => out.push(m) });
  framer.push(readRaw(name));
  return out;
}

describe('discovery: the agents a PBX lists', () => {
  it("Asterisk 22 (PJSIP): queue members by device and Local member, extensions by their phone's hint", () => {
    expect(agentsOfLists(messagesOf('asterisk-22/01-initial-sync-idle.ami.raw'))).toEqual(['1001', '1002']);
  });

  it('Asterisk 18 (chan_sip): the same with SIP/ devices, and nothing with the PJSIP default', () => {
    const items = messagesOf('asterisk-18/S01-initial-sync-idle.ami.raw');
    expect(agentsOfLists(items, { technology: 'SIP' })).toEqual(['1001', '1002']);
    // Only the Local member (sales) and no hint: the phones are SIP/, not the PJSIP/ asked for.
    expect(agentsOfLists(items)).toEqual(['1001']);
  });

  it("the agent pool's Agent:9001 members are not agents the relay can serve; the hinted phone is", () => {
    expect(agentsOfLists(messagesOf('asterisk-22-agents/A1-agent-login-logoff.ami.raw'))).toEqual(['1001']);
  });

  it('a QueueMemberAdded names its agent (QueueAdd of PJSIP/1002)', () => {
    const added = messagesOf('asterisk-22/07-queue-member-management.ami.raw').filter((m) => m.name === 'QueueMemberAdded');
    expect(added.length).toBeGreaterThan(0);
    expect(added.map((event) => agentOfMember(event))).toEqual(['1002']);
  });

  it('reads only the forms an extension derives, in the configured contexts', () => {
    expect(extensionOfInterface('PJSIP/1001')).toBe('1001');
    expect(extensionOfInterface('pjsip/1001')).toBe('1001');
    expect(extensionOfInterface('Local/1001@from-queue/n')).toBe('1001');
    expect(extensionOfInterface('Local/1001@from-queue')).toBe('1001');
    expect(extensionOfInterface('hint:1001@ext-local')).toBe('1001');
    expect(extensionOfInterface('Local/1001@agents')).toBeNull();
    expect(extensionOfInterface('Local/1001@sales-q/n', { localMemberContext: 'sales-q' })).toBe('1001');
    expect(extensionOfInterface('hint:1001@other')).toBeNull();
    expect(extensionOfInterface('SIP/1001')).toBeNull();
    expect(extensionOfInterface('Agent:9001')).toBeNull();
    // Not a NATS subject token, or the relay's own inbox: never served.
    expect(extensionOfInterface('PJSIP/5.1')).toBeNull();
    expect(extensionOfInterface('PJSIP/RELAY')).toBeNull();
    expect(extensionOfInterface('PJSIP/')).toBeNull();
  });
});
