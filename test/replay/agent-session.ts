/** Replays transcripts through the agent engine (framer -> ReplaySession) with a chosen chunking. */
import { AmiFramer } from '../../electron/core/ami/framer.ts';
import type { Technology } from '../../electron/core/agent/identity.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../electron/core/agent/replay.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { readRaw, rxChunks } from '../support/fixtures.ts';

export type Chunking = 'whole' | 'bytes' | 'tcp';

/** `asterisk-18/...` transcripts are chan_sip: the agent's device is SIP/1001 there. */
export function technologyOf(name: string): Technology {
  return name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP';
}

function chunksOf(name: string, chunking: Chunking): Buffer[] {
  const raw = readRaw(name);
  if (chunking === 'whole') return [raw];
  if (chunking === 'tcp') return rxChunks(name);
  const out: Buffer[] = [];
  for (let i = 0; i < raw.length; i++) out.push(raw.subarray(i, i + 1));
  return out;
}

/** Every snapshot the engine emits for the transcripts (one session, a drop between files). */
export function replaySnapshots(names: readonly string[], chunking: Chunking = 'whole', warnings: string[] = []): Snapshot[] {
  const snapshots: Snapshot[] = [];
  const identity = agentIdentity({ extension: '1001', technology: technologyOf(names[0]!) });
  const session = new ReplaySession(identity, { onSnapshot: (s) => snapshots.push(s), logger: { warn: (m) => warnings.push(m) } });
  names.forEach((name, i) => {
    const framer = new AmiFramer({ onBanner: (b) => session.connect(b), onMessage: (m) => session.message(m) });
    for (const chunk of chunksOf(name, chunking)) framer.push(chunk);
    if (framer.pendingBytes > 0) throw new Error(`${name}: ${framer.pendingBytes} bytes left over`);
    session.end(i === names.length - 1);
  });
  return snapshots;
}
