/** The `replay` and `watch` verbs with --extension: snapshot JSON lines, seq from 1. */
import { describe, expect, it } from 'vitest';
import { run as replay } from '../../../electron/core/cli/replay.ts';
import { run as watch } from '../../../electron/core/cli/watch.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { ScriptedAmiServer } from '../../support/scripted-ami-server.ts';
import { fixturePath } from '../../support/fixtures.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import type { ScriptedConnection } from '../../support/scripted-ami-server.ts';

const emptyList = (complete: string) => (a: AmiMessage, c: ScriptedConnection) => {
  c.reply(a, 'Success', { EventList: 'start', Message: 'list will follow' });
  c.event(complete, { ActionID: a.get('ActionID')!, EventList: 'Complete', ListItems: '0' });
};

describe('cli replay --extension', () => {
  it('prints the ringing, answered and ended queue call of 04 as snapshot lines', async () => {
    const io = memoryIO();
    expect(await replay([fixturePath('asterisk-22/04-queue-call-answered.ami.raw'), '--extension', '1001'], io)).toBe(0);
    const lines = io.lines.map((l) => JSON.parse(l) as { type: string; seq: number; snapshot: Snapshot });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.every((l) => l.type === 'snapshot')).toBe(true);
    const ringing = lines.find((l) => l.snapshot.calls[0]?.state === 'ringing')!;
    expect(ringing.snapshot.calls[0]).toMatchObject({
      remote: { number: '+15550109000' },
      queue: 'support',
      vars: { CUSTOMER_ID: 'C-1042' },
    });
    expect(lines.some((l) => l.snapshot.calls[0]?.state === 'up')).toBe(true);
    expect(lines.at(-1)!.snapshot.history[0]).toMatchObject({ remote: { number: '+15550109000' }, queue: 'support' });
    expect(io.errors).toEqual([]);
  });

  it('keeps the message lines without --extension, and refuses a bad extension in words', async () => {
    const io = memoryIO();
    await replay([fixturePath('asterisk-22/03-agent-register-unregister.ami.raw')], io);
    expect(JSON.parse(io.lines[0]!)).toMatchObject({ type: 'banner' });
    expect(JSON.parse(io.lines[1]!)).toMatchObject({ type: 'message', seq: 1 });
    await expect(
      replay([fixturePath('asterisk-22/03-agent-register-unregister.ami.raw'), '--extension', '10 01'], memoryIO()),
    ).rejects.toThrow(/not a dialplan extension/);
  });

  it('--agent 9001: the pool agent logs in, takes the queue call connected into the login call, logs out; a bad agent is refused', async () => {
    const io = memoryIO();
    const file = fixturePath('asterisk-22-agents/A2-agent-queue-call.ami.raw');
    expect(await replay([file, '--extension', '1001', '--agent', '9001', '--pop-url', 'https://crm.example/c/{var.CUSTOMER_ID}'], io)).toBe(
      0,
    );
    const lines = io.lines.map((l) => JSON.parse(l) as { type: string; snapshot?: Snapshot; url?: string });
    const snapshots = lines.flatMap((l) => (l.snapshot ? [l.snapshot] : []));
    expect(snapshots.some((s) => s.agent?.loggedIn && s.agent.callable)).toBe(true);
    expect(snapshots.findLast((s) => s.calls[0]?.queue === 'callcenter' && s.calls[0].state === 'up')!.calls[0]!.channel).toBe(
      'PJSIP/1001-00000005',
    );
    expect(lines.filter((l) => l.type === 'pop').map((l) => l.url)).toEqual(['https://crm.example/c/C-1042']);
    expect(snapshots.at(-1)!.agent).toMatchObject({ number: '9001', loggedIn: false });
    expect(io.errors).toEqual([]);
    await expect(replay([file, '--extension', '1001', '--agent', '9001\r\nAction: Originate'], memoryIO())).rejects.toThrow(
      /not an agent number such as 9001/,
    );
  });
});

describe('cli watch', () => {
  it('prints snapshots from a live PBX until stopped', async () => {
    const server = await ScriptedAmiServer.start();
    server
      .on('QueueStatus', emptyList('QueueStatusComplete'))
      .on('DeviceStateList', emptyList('DeviceStateListComplete'))
      .on('CoreShowChannels', emptyList('CoreShowChannelsComplete'))
      .on('ExtensionState', (a, c) =>
        c.reply(a, 'Success', {
          Message: 'Extension Status',
          Exten: '1001',
          Context: 'ext-local',
          Hint: 'PJSIP/1001',
          Status: '0',
          StatusText: 'Idle',
        }),
      );
    const stop = new AbortController();
    const io = memoryIO({ AMI_SECRET: 's3cret' }, stop.signal);
    const done = watch(['--host', '127.0.0.1', '--port', String(server.port), '--user', 'agentapp', '--extension', '1001'], io);
    for (let i = 0; i < 200 && !io.lines.some((l) => l.includes('"status":"live"')); i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    expect(await done).toBe(0);
    const snaps = io.lines.map((l) => JSON.parse(l));
    expect(snaps.map((s) => s.seq)).toEqual(snaps.map((_, i) => i + 1));
    const live = snaps.find((s) => s.snapshot.connection.status === 'live');
    expect(live.snapshot.extension.state).toBe('idle');
    await server.close();
  });

  it('stops with an error on a refused login, and asks for what is missing', async () => {
    const server = await ScriptedAmiServer.start();
    const io = memoryIO({ AMI_SECRET: 'wrong' });
    expect(await watch(['--host', '127.0.0.1', '--port', String(server.port), '--user', 'agentapp', '--extension', '1001'], io)).toBe(1);
    expect(io.errors.join('\n')).toMatch(/watch: /);
    await server.close();
    const none = memoryIO({});
    expect(await watch(['--host', '127.0.0.1', '--user', 'agentapp', '--extension', '1001'], none)).toBe(2);
    expect(none.errors[0]).toMatch(/AMI_SECRET/);
    expect(await watch(['--host', '127.0.0.1'], memoryIO())).toBe(2);
  });
});
