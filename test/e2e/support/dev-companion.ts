/**
 * A small in-memory Companion, for developing and trying the UI by hand (serve it with
 * startBridgeServer({ companion: new DevCompanion() })). The committed e2e tests never use it:
 * they drive the real core connected to the demo PBX (support/core.ts).
 */
import type { Companion, DialPreview, VerbResult } from '../../../electron/shared/companion.ts';
import type { CallInfo, HistoryEntry, Snapshot } from '../../../electron/shared/snapshot.ts';

export class DevCompanion implements Companion {
  #snapshot: Snapshot;
  #listeners = new Set<(snapshot: Snapshot) => void>();

  constructor(now = Date.now()) {
    this.#snapshot = {
      connection: {
        status: 'live',
        error: null,
        pbx: { asteriskVersion: '22.5.2', amiVersion: '11.0.0' },
        since: now,
        stale: false,
        label: 'Demo PBX',
      },
      extension: { number: '1001', device: 'PJSIP/1001', state: 'idle', registered: true },
      queues: [
        {
          name: 'support',
          interface: 'PJSIP/1001',
          member: true,
          paused: false,
          pausedReason: '',
          status: 'idle',
          callsWaiting: 0,
          lastCallAt: null,
        },
        {
          name: 'sales',
          interface: 'Local/1001@from-queue/n',
          member: true,
          paused: false,
          pausedReason: '',
          status: 'idle',
          callsWaiting: 2,
          lastCallAt: null,
        },
      ],
      calls: [],
      history: [
        {
          id: 'h3',
          direction: 'inbound',
          remote: { number: '+4930123456', name: 'Jürgen Groß' },
          queue: 'support',
          vars: {},
          startedAt: now - 9 * 60_000,
          answeredAt: null,
          endedAt: now - 8 * 60_000,
          outcome: 'missed',
        },
        {
          id: 'h2',
          direction: 'outbound',
          remote: { number: '+34912345678', name: '' },
          queue: null,
          vars: {},
          startedAt: now - 40 * 60_000,
          answeredAt: now - 39 * 60_000,
          endedAt: now - 35 * 60_000,
          outcome: 'answered',
        },
        {
          id: 'h1',
          direction: 'inbound',
          remote: { number: '+442071838750', name: 'Siobhán O’Brien' },
          queue: 'sales',
          vars: {},
          startedAt: now - 95 * 60_000,
          answeredAt: now - 95 * 60_000,
          endedAt: now - 88 * 60_000,
          outcome: 'answered',
        },
      ],
    };
  }

  snapshot(): Snapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replaces the snapshot with `change(snapshot)` and tells every listener. */
  update(change: (snapshot: Snapshot) => Snapshot): void {
    this.#snapshot = change(this.#snapshot);
    for (const listener of this.#listeners) listener(this.#snapshot);
  }

  ring(call: Partial<CallInfo> & { id: string }): void {
    const full: CallInfo = {
      channel: `PJSIP/1001-${call.id}`,
      direction: 'inbound',
      state: 'ringing',
      remote: { number: '', name: '' },
      queue: null,
      vars: {},
      recording: 'off',
      startedAt: Date.now(),
      answeredAt: null,
      ...call,
    };
    this.update((s) => ({ ...s, extension: { ...s.extension, state: 'ringing' }, calls: [...s.calls, full] }));
  }

  answer(id: string, at = Date.now()): void {
    this.update((s) => ({
      ...s,
      extension: { ...s.extension, state: 'inuse' },
      calls: s.calls.map((c) => (c.id === id ? { ...c, state: 'up', answeredAt: at } : c)),
    }));
  }

  end(id: string): void {
    this.update((s) => {
      const call = s.calls.find((c) => c.id === id);
      if (!call) return s;
      const entry: HistoryEntry = {
        id: call.id,
        direction: call.direction,
        remote: call.remote,
        queue: call.queue,
        vars: call.vars,
        startedAt: call.startedAt,
        answeredAt: call.answeredAt,
        endedAt: Date.now(),
        outcome: call.answeredAt !== null ? 'answered' : 'missed',
      };
      return {
        ...s,
        extension: { ...s.extension, state: 'idle' },
        calls: s.calls.filter((c) => c.id !== id),
        history: [entry, ...s.history],
      };
    });
  }

  async previewDial(input: string): Promise<DialPreview> {
    const text = input.trim();
    const digits = text.replace(/[\s().-]/g, '');
    if (!/^\+?\d{3,15}$/.test(digits))
      return { ok: false, input: text, error: 'Not a phone number: use digits, and + for international numbers.' };
    if (digits.length <= 5) return { ok: true, input: text, dialString: digits, display: digits };
    const national = digits.startsWith('+34') ? digits.slice(3) : digits.replace(/^\+/, '00');
    return { ok: true, input: text, dialString: national, e164: digits.startsWith('+') ? digits : `+34${digits}`, display: digits };
  }

  async dial(input: string): Promise<VerbResult> {
    const preview = await this.previewDial(input);
    if (!preview.ok) return { ok: false, error: preview.error ?? 'Cannot dial.' };
    this.ring({
      id: `out-${Date.now()}`,
      direction: 'outbound',
      state: 'dialing',
      remote: { number: preview.dialString ?? input, name: '' },
    });
    return { ok: true };
  }

  async pause({ queue, reason }: { queue?: string; reason: string }): Promise<VerbResult> {
    this.update((s) => ({
      ...s,
      queues: s.queues.map((q) => (q.member && (!queue || q.name === queue) ? { ...q, paused: true, pausedReason: reason } : q)),
    }));
    return { ok: true };
  }

  async unpause({ queue }: { queue?: string }): Promise<VerbResult> {
    this.update((s) => ({
      ...s,
      queues: s.queues.map((q) => (!queue || q.name === queue ? { ...q, paused: false, pausedReason: '' } : q)),
    }));
    return { ok: true };
  }

  async queueLogin(queue: string): Promise<VerbResult> {
    this.update((s) => ({ ...s, queues: s.queues.map((q) => (q.name === queue ? { ...q, member: true } : q)) }));
    return { ok: true };
  }

  async queueLogout(queue: string): Promise<VerbResult> {
    this.update((s) => ({
      ...s,
      queues: s.queues.map((q) => (q.name === queue ? { ...q, member: false, paused: false, pausedReason: '' } : q)),
    }));
    return { ok: true };
  }

  async record(op: 'start' | 'stop' | 'mute' | 'unmute', callId?: string): Promise<VerbResult> {
    const state = op === 'start' || op === 'unmute' ? 'on' : op === 'mute' ? 'muted' : 'off';
    this.update((s) => ({ ...s, calls: s.calls.map((c) => (!callId || c.id === callId ? { ...c, recording: state } : c)) }));
    return { ok: true };
  }

  async hangup(callId?: string): Promise<VerbResult> {
    const id = callId ?? this.#snapshot.calls[0]?.id;
    if (!id) return { ok: false, error: 'There is no call to hang up.' };
    this.end(id);
    return { ok: true };
  }

  async transfer(target: string): Promise<VerbResult> {
    if (!/^\d+$/.test(target)) return { ok: false, error: `Cannot transfer to "${target}": not an extension or number.` };
    return { ok: true };
  }
}
