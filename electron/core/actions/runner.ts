/**
 * Runs verbs against an AmiConnection and answers every one with a VerbResult: ok, or a sentence
 * the agent understands. Never throws.
 *
 * Duplicates: the same action (same name and fields) while one is in flight gets that one's
 * promise, and after it succeeded, the same result for `repeatWindowMs` more, so two pause clicks
 * 50 ms apart, or a double-clicked dial link, make one action. A failure is not kept: trying again
 * after "not connected" must act. Another action on the same target (an unmute after a mute, an
 * unpause after a pause) ends that window: mute, unmute, mute is three actions, not two.
 */
import type { AmiAction } from '../ami/action.ts';
import { systemClock, type Clock } from '../ami/clock.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection } from '../ami/types.ts';
import type { VerbResult } from '../../shared/companion.ts';
import { phrase, refusal, success, verbatim, type Phrase } from '../../shared/phrases/index.ts';
import { explainFailurePhrase, explainOriginateFailurePhrase } from './errors.ts';
import { originate, type OriginateRequest } from './originate.ts';

export interface ActionRunnerOptions {
  /** How long a succeeded action's result answers an identical one. Default 1000 ms. */
  repeatWindowMs?: number;
  /** Per-action timeout; default the connection's. */
  timeoutMs?: number;
  /** How long to wait for the OriginateResponse beyond the ring time. Default 15000 ms. */
  originateGraceMs?: number;
  clock?: Clock;
}

export interface RunOptions {
  /** The ok message; default the PBX's `Message:` (verbatim). */
  success?: Phrase;
  timeoutMs?: number;
}

/** A click-to-dial: `queued` when the PBX took the Originate, `outcome` when the agent's phone answered or not. */
export interface DialProgress {
  queued: Promise<VerbResult>;
  outcome: Promise<VerbResult>;
}

export class ActionRunner {
  private readonly inFlight = new Map<string, Promise<VerbResult>>();
  private readonly recent = new Map<string, { at: number; target: string; result: Promise<VerbResult> }>();
  private readonly dials = new Map<string, DialProgress>();
  private readonly clock: Clock;
  private readonly repeatWindowMs: number;

  constructor(
    private readonly connection: AmiConnection,
    private readonly options: ActionRunnerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.repeatWindowMs = options.repeatWindowMs ?? 1000;
  }

  /** Builds (input errors become a refusal) and sends one action. */
  run(build: AmiAction | (() => AmiAction), options: RunOptions = {}): Promise<VerbResult> {
    let action: AmiAction;
    try {
      action = typeof build === 'function' ? build() : build;
    } catch (error) {
      return Promise.resolve(refusal(explainFailurePhrase('', error)));
    }
    const key = keyOf(action);
    const existing = this.inFlight.get(key) ?? this.recentResult(key);
    if (existing) return existing;
    const target = targetOf(action);
    for (const [k, entry] of this.recent) if (entry.target === target) this.recent.delete(k);
    const result = this.send(action, options).then((verb) => {
      this.inFlight.delete(key);
      if (verb.ok) this.recent.set(key, { at: this.clock.now(), target, result });
      return verb;
    });
    this.inFlight.set(key, result);
    return result;
  }

  /**
   * Click-to-dial. `queued` answers at once (the PBX took it, or why not); `outcome` follows the
   * OriginateResponse: the agent's phone answered and the number is being called, or why not.
   * An identical dial while one is pending gets the same progress: a double click rings once.
   */
  originate(request: OriginateRequest, options: RunOptions = {}): DialProgress {
    let action: AmiAction;
    try {
      action = originate(request);
    } catch (error) {
      const refused = Promise.resolve<VerbResult>(refusal(explainFailurePhrase('Originate', error)));
      return { queued: refused, outcome: refused };
    }
    const key = keyOf(action);
    const pending = this.dials.get(key);
    if (pending) return pending;

    const exten = action.get('Exten')!;
    let settle: (result: VerbResult) => void = () => {};
    const outcome = new Promise<VerbResult>((resolve) => (settle = resolve));
    const decide = (event: AmiMessage) => {
      const answered = event.get('Response') === 'Success' && event.get('Reason') === '4';
      settle(answered ? success(phrase('dial.answered', { exten })) : refusal(explainOriginateFailurePhrase(event.get('Reason'))));
    };
    // The OriginateResponse carries the Originate's ActionID, known only once the Response is in;
    // it can arrive in the same TCP read, so listen before sending and keep what comes early.
    let actionId: string | null = null;
    const early: AmiMessage[] = [];
    const unsubscribe = this.connection.onEvent((event) => {
      if (event.name !== 'OriginateResponse') return;
      if (actionId === null) early.push(event);
      else if (event.get('ActionID') === actionId) decide(event);
    });
    const ringMs = Number(action.get('Timeout') ?? 30_000);
    const timer = this.clock.setTimeout(() => settle(refusal(phrase('dial.no-word'))), ringMs + (this.options.originateGraceMs ?? 15_000));
    const queued = this.send(action, {
      success: options.success ?? phrase('dial.will-ring', { exten }),
      timeoutMs: options.timeoutMs,
      onResponse: (response) => {
        actionId = response.get('ActionID') ?? '';
        const seen = early.find((event) => event.get('ActionID') === actionId);
        early.length = 0;
        if (seen) decide(seen);
      },
    });
    void queued.then((result) => {
      if (!result.ok) settle(result);
    });
    const progress: DialProgress = { queued, outcome };
    this.dials.set(key, progress);
    void outcome.then(() => {
      unsubscribe();
      this.clock.clearTimeout(timer);
      this.dials.delete(key);
    });
    return progress;
  }

  private send(action: AmiAction, options: RunOptions & { onResponse?: (response: AmiMessage) => void }): Promise<VerbResult> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    let sent: Promise<AmiMessage>;
    try {
      sent = this.connection.action(action, timeoutMs === undefined ? undefined : { timeoutMs });
    } catch (error) {
      sent = Promise.reject(error);
    }
    return sent.then(
      (response): VerbResult => {
        options.onResponse?.(response);
        const pbxMessage = response.get('Message');
        const message = options.success ?? (pbxMessage ? verbatim(pbxMessage) : null);
        return message ? success(message) : { ok: true };
      },
      (error): VerbResult => refusal(explainFailurePhrase(action, error)),
    );
  }

  private recentResult(key: string): Promise<VerbResult> | undefined {
    const now = this.clock.now();
    for (const [k, entry] of this.recent) if (now - entry.at >= this.repeatWindowMs) this.recent.delete(k);
    return this.recent.get(key)?.result;
  }
}

function keyOf(action: AmiAction): string {
  return JSON.stringify([action.name, action.fields]);
}

/** Actions that undo one another: a later one ends the earlier one's repeat window. */
const FAMILY: Record<string, string> = {
  mixmonitor: 'recording',
  mixmonitormute: 'recording',
  stopmixmonitor: 'recording',
  queueadd: 'member',
  queueremove: 'member',
};

/** What an action changes: the recording of a channel, a pause or a membership of a queue member. */
function targetOf(action: AmiAction): string {
  const name = action.name.toLowerCase();
  return JSON.stringify([
    FAMILY[name] ?? name,
    action.get('Channel') ?? null,
    action.get('Queue') ?? null,
    action.get('Interface') ?? null,
  ]);
}
