/**
 * The agent's verbs over one connection, answering in words: what the Companion exposes and what
 * the CLI runs once. Which queues the agent is in and which channel is the current call come from
 * the agent engine's snapshot (the PBX's word), never from what was last asked; every action goes
 * through the ActionRunner (validated, de-duplicated, errors explained).
 */
import { AmiAction } from '../ami/action.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection } from '../ami/types.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import type { AgentPoolVerbs, CompanionVerbs, DialPreview, RecordOp, VerbResult } from '../../shared/companion.ts';
import type { CallInfo, Snapshot } from '../../shared/snapshot.ts';
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { DEFAULT_RECORDING_TEMPLATE } from '../../shared/fields.ts';
import { normalizeNumber, type DialRules } from '../dialing/normalize.ts';
import { extractNumber } from '../dialing/selection.ts';
import { phrase, refusal, refused, succeeded, type PhraseCode } from '../../shared/phrases/index.ts';
import { agentLogin, agentLogout } from './agent-pool.ts';
import { cannotDial, explainFailurePhrase } from './errors.ts';
import { hangup, redirect } from './call.ts';
import type { AutoAnswer } from './originate.ts';
import { setPaused, type Membership } from './pause.ts';
import { queueAdd, queueRemove } from './queue.ts';
import { mixMonitor, mixMonitorMute, recordingFile, stopMixMonitor } from './recording.ts';
import type { ActionRunner } from './runner.ts';
import { transferCall } from './transfer.ts';
import { named } from './validate.ts';

export interface AgentVerbsOptions {
  connection: AmiConnection;
  runner: ActionRunner;
  identity: AgentIdentity;
  snapshot: () => Snapshot;
  dialRules: DialRules;
  /** The channel that rings the agent first for click-to-dial; default the device (`PJSIP/1001`). */
  originateChannel?: string;
  /** Context of Originate and transfers; default from-internal. */
  context?: string;
  autoAnswer?: AutoAnswer;
  /** Also write PAUSE/UNPAUSE rows to queue_log. */
  queueLog?: boolean;
  recordingTemplate?: string;
  recordingOptions?: string;
  /** Told how a click-to-dial ended (the phone answered, or why not). */
  onDialOutcome?: (result: VerbResult) => void;
  now?: () => number;
}

/** The agent's queue memberships, each with the interface that queue knows. */
export function memberships(snapshot: Snapshot): Membership[] {
  return snapshot.queues
    .filter((q) => q.member && q.interface)
    .map((q) => ({ queue: q.name, interface: q.interface!, memberName: q.memberName }));
}

/** The call to act on: the one named, else a connected one, else a ringing or dialling one. */
export function currentCall(snapshot: Snapshot, callId?: string): CallInfo | undefined {
  if (callId !== undefined) return snapshot.calls.find((c) => c.id === callId);
  return snapshot.calls.find((c) => c.channel && (c.state === 'up' || c.state === 'onhold')) ?? snapshot.calls.find((c) => c.channel);
}

/**
 * The call a verb acts on (currentCall), or the refusal in words: `noCall` when none was named and
 * there is none, `verb.call-ended` when the one named is gone. Shared with the ARI companion.
 */
export function callToActOn(snapshot: Snapshot, callId: string | undefined, noCall: PhraseCode): CallInfo | VerbResult {
  const call = currentCall(snapshot, callId);
  if (!call?.channel) return refused(callId === undefined ? noCall : 'verb.call-ended');
  return call;
}

/** The verb's answer already (a refusal), rather than what it was looking for. */
export function isVerbResult<T extends object>(x: T | VerbResult): x is VerbResult {
  return 'ok' in x;
}

/** The longest text the dialer takes a number out of (a line or two from an e-mail or a CRM note). */
const MAX_PASTED_TEXT = 1000;

/**
 * What dialling this input would do (the preview the shells show), from text or anything else a
 * shell passed. Pasted text that is not a number as a whole ("call me at 555-0147") gives the number
 * in it, found as the hotkey finds one in a selection; its `input` stays the text the agent pasted.
 */
export function dialPreview(input: unknown, rules: DialRules): DialPreview {
  const text = typeof input === 'string' ? input : '';
  const country = rules.defaultCountry.toUpperCase();
  const { kind: _kind, ...shown } = normalizeNumber(text, rules);
  // Text with control characters, or longer than a pasted note, stays refused as it is (not prose an agent pasted).
  if (shown.ok || !/\p{L}/u.test(text) || CONTROL_CHARACTERS.test(text) || text.length > MAX_PASTED_TEXT) return { ...shown, country };
  const found = extractNumber(text);
  if (!found.ok) return { ...shown, country };
  // The number found decides: dialled, or refused for what is wrong with it (no longer its letters).
  const { kind: _found, ...inner } = normalizeNumber(found.number, rules);
  return { ...inner, input: text.trim(), found: found.text, country };
}

/**
 * The name the agent's Recent gives the number dialled (a callback calls the customer by name: the
 * phone and the call card show it), fit for a CallerID; null when none. Numbers match as dialled.
 */
function nameInHistory(snapshot: Snapshot, plan: DialPreview, rules: DialRules): string | null {
  for (const entry of snapshot.history) {
    const name = entry.remote.name || entry.vars.CUSTOMER_NAME || '';
    if (!name || !entry.remote.number) continue;
    if (entry.remote.number !== plan.input && dialPreview(entry.remote.number, rules).dialString !== plan.dialString) continue;
    return (
      name
        .replace(/["<>\\\p{Cc}]/gu, '')
        .trim()
        .slice(0, 64) || null
    );
  }
  return null;
}

/**
 * The agent's leg of a call as the PBX has it now, not as the snapshot last said: the channel still
 * exists, is the agent's, and still belongs to this call (a call transferred away leaves Local
 * channels behind that talk to the colleague; acting on them would cut the customer off). The
 * channel, or a refusal in words.
 */
export async function liveLegOf(connection: AmiConnection, identity: AgentIdentity, call: CallInfo): Promise<string | VerbResult> {
  const channel = call.channel;
  if (!channel || !identity.isMyChannel(channel)) return refused('verb.call-not-yours');
  let items: readonly AmiMessage[];
  try {
    items = (await connection.listAction(AmiAction.build('Status', { Channel: channel }))).items;
  } catch (error) {
    if (error instanceof AmiResponseError && /no such channel/i.test(error.pbxMessage)) return refused('verb.call-not-yours');
    return refusal(explainFailurePhrase('Status', error));
  }
  const item = items.find((i) => i.get('Channel') === channel);
  if (!item || item.get('Linkedid') !== (call.consultationOf ?? call.id)) return refused('verb.call-not-yours');
  return channel;
}

/** The customer's own channel (by its Uniqueid) of a call in the agent pool's login call, or why not: gone. */
export async function customerLegOf(connection: AmiConnection, uniqueid: string): Promise<string | VerbResult> {
  try {
    const list = await connection.listAction(AmiAction.build('CoreShowChannels'));
    const channel = list.items.find((i) => i.get('Uniqueid') === uniqueid)?.get('Channel');
    return channel ?? refused('verb.call-ended');
  } catch (error) {
    return refusal(explainFailurePhrase('CoreShowChannels', error));
  }
}

/**
 * The channel bridged to the agent's leg (the customer), for the Redirect fallback of a transfer:
 * the other channel in the agent's bridge, from CoreShowChannels.
 */
export async function remoteLegOf(connection: AmiConnection, channel: string): Promise<string | null> {
  const list = await connection.listAction(AmiAction.build('CoreShowChannels'));
  const bridge = list.items.find((i) => i.get('Channel') === channel)?.get('BridgeId');
  if (!bridge) return null;
  return list.items.find((i) => i.get('BridgeId') === bridge && i.get('Channel') !== channel)?.get('Channel') ?? null;
}

export function createAgentVerbs(o: AgentVerbsOptions): CompanionVerbs & AgentPoolVerbs {
  const now = o.now ?? Date.now;
  const preview = (input: unknown): DialPreview => dialPreview(input, o.dialRules);
  /** The call's leg, re-checked with the PBX (liveLegOf), or why not. */
  const legOrError = async (callId: string | undefined, noCall: PhraseCode): Promise<{ call: CallInfo; channel: string } | VerbResult> => {
    const call = callToActOn(o.snapshot(), callId, noCall);
    if (isVerbResult(call)) return call;
    // A queue call in the agent pool's held login call: act on the customer's channel, never on the
    // login call (hanging it up, or transferring it away, would log the agent out).
    if (call.customerUniqueid) {
      const customer = await customerLegOf(o.connection, call.customerUniqueid);
      return typeof customer === 'string' ? { call, channel: customer } : customer;
    }
    const channel = await liveLegOf(o.connection, o.identity, call);
    return typeof channel === 'string' ? { call, channel } : channel;
  };
  const isLeg = (x: { call: CallInfo; channel: string } | VerbResult): x is { call: CallInfo; channel: string } => !isVerbResult(x);

  return {
    async previewDial(input) {
      return preview(input);
    },

    async dial(input) {
      const plan = preview(input);
      if (!plan.ok || !plan.dialString) return cannotDial(plan);
      if (o.snapshot().connection.status !== 'live') return refused('dial.not-connected');
      const progress = o.runner.originate({
        channel: o.originateChannel || o.identity.device,
        exten: plan.dialString,
        context: o.context,
        callerId: { name: nameInHistory(o.snapshot(), plan, o.dialRules) ?? plan.display ?? plan.dialString, number: plan.dialString },
        autoAnswer: o.autoAnswer,
      });
      // How the dial ended is news only when the PBX took it (a refusal is this verb's own answer,
      // told once), and only after that answer has reached the caller: a phone that fails at once
      // must not be reported before "your phone will ring". setImmediate runs after the caller's
      // microtask chain (the shell's await of this verb) has finished.
      void progress.queued.then(async (queued) => {
        if (!queued.ok) return;
        const result = await progress.outcome;
        setImmediate(() => o.onDialOutcome?.(result));
      });
      return progress.queued;
    },

    async pause({ queue, reason }) {
      if (typeof reason !== 'string' || reason.trim() === '') return refused('verb.choose-reason');
      return setPaused(o.runner, memberships(o.snapshot()), { paused: true, reason, queue, queueLog: o.queueLog });
    },

    async unpause({ queue }) {
      const snapshot = o.snapshot();
      const mine = memberships(snapshot);
      if (queue !== undefined) return setPaused(o.runner, mine, { paused: false, queue, queueLog: o.queueLog });
      // "Unpause" alone: only where the agent is paused; an UNPAUSE elsewhere would log, in
      // queue_log, the end of a pause that never was.
      const paused = new Set(snapshot.queues.filter((q) => q.paused).map((q) => q.name));
      const targets = mine.filter((m) => paused.has(m.queue));
      if (mine.length > 0 && targets.length === 0) return succeeded('verb.not-paused');
      return setPaused(o.runner, targets, { paused: false, queueLog: o.queueLog });
    },

    async queueLogin(queue) {
      const known = o.snapshot().queues.find((q) => q.name === queue);
      if (known?.member) return succeeded('verb.already-logged-in', { queue });
      const iface = known?.interface ?? o.identity.device;
      const stateInterface = iface.startsWith('Local/') ? `hint:${o.identity.hint}` : undefined;
      return o.runner.run(() => queueAdd({ queue, interface: iface, memberName: `Agent ${o.identity.extension}`, stateInterface }), {
        success: phrase('verb.logged-in', { queue }),
      });
    },

    async agentLogin() {
      return agentLogin(o);
    },

    async agentLogout() {
      return agentLogout(o);
    },

    async queueLogout(queue) {
      const known = o.snapshot().queues.find((q) => q.name === queue && q.member && q.interface);
      if (!known) return refused('verb.not-member', { queue: named(queue) });
      return o.runner.run(() => queueRemove({ queue, interface: known.interface! }), { success: phrase('verb.logged-out', { queue }) });
    },

    async record(op: RecordOp, callId?: string) {
      // A verb that is not one is a mistake in the caller, whatever the call.
      if (!['start', 'stop', 'mute', 'unmute'].includes(op)) return refused('verb.say-record-op');
      const leg = await legOrError(callId, 'verb.no-call-to-record');
      if (!isLeg(leg)) return leg;
      const { call, channel } = leg;
      switch (op) {
        case 'start': {
          const values = {
            extension: o.identity.extension,
            number: call.remote.number,
            queue: call.queue ?? '',
            uniqueid: call.uniqueid ?? call.id,
            callid: call.id,
          };
          const file = () => recordingFile(o.recordingTemplate ?? DEFAULT_RECORDING_TEMPLATE, values, new Date(now()));
          return o.runner.run(() => mixMonitor({ channel, file: file(), options: o.recordingOptions }), {
            success: phrase('verb.recording'),
          });
        }
        case 'mute':
        case 'unmute':
          return o.runner.run(() => mixMonitorMute({ channel, mute: op === 'mute' }), {
            success: phrase(op === 'mute' ? 'verb.recording-muted' : 'verb.recording-resumed'),
          });
        case 'stop':
          return o.runner.run(() => stopMixMonitor({ channel }), { success: phrase('verb.recording-stopped') });
        default:
          return refused('verb.say-record-op');
      }
    },

    async hangup(callId) {
      const leg = await legOrError(callId, 'verb.no-call-to-hang-up');
      if (!isLeg(leg)) return leg;
      return o.runner.run(() => hangup({ channel: leg.channel }), { success: phrase('verb.hung-up') });
    },

    async transfer(target, options = {}) {
      const plan = preview(target);
      if (!plan.ok || !plan.dialString) return cannotDial(plan);
      const leg = await legOrError(options.callId, 'verb.no-call-to-transfer');
      if (!isLeg(leg)) return leg;
      const { channel } = leg;
      if (leg.call.customerUniqueid) {
        // The customer is moved on; the agent's login call stays (an Atxfer would end it).
        if (options.attended === true) return refused('agent.no-attended-transfer');
        return o.runner.run(() => redirect({ channel, exten: plan.dialString!, context: o.context }), {
          success: phrase('verb.transferred', { target: plan.dialString! }),
        });
      }
      return transferCall(o.runner, {
        channel,
        exten: plan.dialString,
        context: o.context,
        attended: options.attended === true,
        remoteLeg: () => remoteLegOf(o.connection, channel),
      });
    },
  };
}
