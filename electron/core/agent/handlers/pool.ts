/**
 * The agent pool (app_agent_pool, as Issabel's call center runs it): the agent logs in by having
 * the phone run AgentLogin, and that call stays up for the whole shift; each queue call for the
 * agent is connected into it without ringing (../shared/fixtures/asterisk-22-agents).
 *
 * The held login call is never shown as a call: AgentLogin forgets whatever the channel was
 * tracked as (the Originate ringing the phone, the phone dialling the feature code). A queue call
 * reaches the agent through the member's Local pair (`Local/9001@agents-...;1`, `;2`) like any
 * Local member's; at AgentConnect the login channel joins it as the agent's own leg, and the call
 * remembers the customer's own channel, because once connected the customer's events carry the
 * login call's Linkedid. The call ends when the customer leaves (AgentComplete, or the customer's
 * Hangup), while the login call stays up.
 */
import type { AmiMessage } from '../../ami/message.ts';
import type { Draft, Handler } from '../draft.ts';
import { mergeVars, newCall, sideOf } from '../legs.ts';
import type { CallTrack } from '../state.ts';
import { loggedOut } from '../state.ts';
import { integer, party } from '../values.ts';

const isMyAgent = (d: Draft, m: AmiMessage): boolean => d.identity.agent !== null && m.get('Agent') === d.identity.agent;

/** The login channel was tracked as a call of the agent before AgentLogin ran on it: it was none. */
function forgetAsCall(d: Draft, uid: string): void {
  const leg = d.leg(uid);
  if (leg) d.forgetCall(leg.linkedid);
}

/** The channel runs AgentLogin: it is the login call from now on (not a call of the agent's), logged in or not yet. */
function holdsLogin(d: Draft, m: AmiMessage): boolean {
  const side = sideOf(m, '');
  if (!side) return false;
  // Already the login call (an Agents list asked for by a verb): its leg may carry a customer's call.
  if (d.login?.uniqueid === side.uid) return true;
  forgetAsCall(d, side.uid);
  d.login = { uniqueid: side.uid, channel: side.name, linkedid: side.lid };
  return true;
}

function loggedIn(d: Draft, m: AmiMessage, since: number | null): void {
  // The Agents list of a later sync says the same login in whole seconds: the first word stays.
  const already = d.agent?.loggedIn === true && d.agent.channel === m.get('Channel');
  if (!holdsLogin(d, m)) return;
  d.patchAgent({ loggedIn: true, channel: d.login!.channel, loggedOutBy: null, ...(since === null || already ? {} : { since }) });
}

function logOut(d: Draft): void {
  const login = d.login;
  // A login call that carries no customer's call: its Hangup comes next and must make no call.
  if (login && !d.leg(login.uniqueid)) d.markEnded(login.uniqueid);
  d.login = null;
  if (d.agent?.loggedIn) d.agent = loggedOut(d.agent.number, d.now, login?.logoffAsked ? 'request' : 'hangup');
}

export const agentLogin: Handler = (d, m) => {
  if (isMyAgent(d, m)) loggedIn(d, m, d.now);
};

/**
 * The phone dialled the login feature code (`*9001` -> AgentLogin(9001)): the login call from its
 * first step, so it never shows as a call. Logged in only once AgentLogin says so (it may refuse).
 */
export const loginStep: Handler = (d, m) => {
  if (d.identity.agent === null || m.get('Application') !== 'AgentLogin') return;
  const agent = (m.get('AppData') ?? '').split(',')[0]!.trim();
  if (agent === d.identity.agent && d.identity.isMyDeviceChannel(m.get('Channel'))) holdsLogin(d, m);
};

export const agentLogoff: Handler = (d, m) => {
  if (isMyAgent(d, m)) logOut(d);
};

/** The AgentLogoff action ends the login call with a soft hangup, Cause 32; anything else ending it is a hangup. */
export const softHangupRequest: Handler = (d, m) => {
  const login = d.login;
  if (login && m.get('Uniqueid') === login.uniqueid && m.get('Cause') === '32' && !login.logoffAsked)
    d.login = { ...login, logoffAsked: true };
};

/** An `Agents` list item (the sync): logged in on its channel since LoggedInTime, or AGENT_LOGGEDOFF. */
export const agentsItem: Handler = (d, m) => {
  if (!isMyAgent(d, m)) return;
  if (m.get('Status') === 'AGENT_LOGGEDOFF') {
    if (d.agent?.loggedIn) {
      logOut(d);
      // Logged out while we could not see: how is not known.
      d.patchAgent({ loggedOutBy: null });
    }
    return;
  }
  const at = integer(m.get('LoggedInTime'), 'LoggedInTime');
  loggedIn(d, m, at !== undefined && at > 0 ? at * 1000 : null);
  const talkingTo = m.get('TalkingToChan');
  if (talkingTo && d.login && !d.leg(d.login.uniqueid)) {
    const started = integer(m.get('CallStarted'), 'CallStarted');
    d.login = { ...d.login, talkingTo: { channel: talkingTo, callStarted: started !== undefined && started > 0 ? started * 1000 : null } };
  }
};

/**
 * A CoreShowChannel item of the sync: the customer the Agents list said the agent talks to. The
 * call is rebuilt as AgentConnect made it (the login channel its leg, the customer's own channel
 * remembered): a reconnect during a queue call shows that call, not a call ended.
 */
export const poolChannelItem: Handler = (d, m) => {
  const login = d.login;
  const name = m.get('Channel');
  const uid = m.get('Uniqueid');
  if (!login?.talkingTo || name !== login.talkingTo.channel || !uid || d.leg(login.uniqueid) || d.call(uid)) return;
  const since = login.talkingTo.callStarted ?? d.now;
  const leg = { uniqueid: login.uniqueid, name: login.channel, linkedid: uid, device: true, state: 6, exten: '' };
  const call = newCall(d, leg);
  const queue = m.get('Application') === 'Queue' ? (m.get('ApplicationData') ?? '').split(',')[0] || null : null;
  d.setLeg(leg);
  d.setCall({
    ...call,
    legs: [login.uniqueid],
    customer: uid,
    remote: { number: party(m.get('CallerIDNum')), name: party(m.get('CallerIDName')) },
    queue: call.queue ?? queue,
    startedAt: since,
    answeredAt: since,
  });
  mergeVars(d, uid, m, '');
  d.login = { ...login, talkingTo: undefined };
};

/** AgentConnect of the pool's member: the held login channel is the agent's leg of the customer's call from now on. */
export const agentConnect: Handler = (d, m) => {
  const login = d.login;
  if (!login || !d.identity.isMyAgentInterface(m.get('Interface')) || d.leg(login.uniqueid)) return;
  const call = d.call(d.leg(m.get('DestUniqueid') ?? '')?.linkedid ?? '');
  const customer = m.get('Uniqueid');
  if (!call || !customer) return;
  d.setLeg({ uniqueid: login.uniqueid, name: login.channel, linkedid: call.id, device: true, state: 6, exten: '' });
  d.setCall({ ...call, legs: [...call.legs, login.uniqueid], customer });
};

/** AgentComplete of a call connected into the login call: the customer left (or the agent hung up), the login call stays. */
export const agentComplete: Handler = (d, m) => {
  if (!d.identity.isMyAgentInterface(m.get('Interface'))) return;
  const call = poolCallOf(d, m.get('Uniqueid'));
  if (call) endPoolCall(d, call);
};

/** A Hangup: the customer's channel of a call connected into the login call, or the login call itself (logged out). */
export const poolHangup: Handler = (d, m) => {
  const uid = m.get('Uniqueid');
  const call = poolCallOf(d, uid);
  if (call) endPoolCall(d, call);
  if (d.login && d.login.uniqueid === uid) logOut(d);
};

function poolCallOf(d: Draft, customer: string | undefined): CallTrack | undefined {
  if (!d.login || !customer) return undefined;
  const call = d.call(d.leg(d.login.uniqueid)?.linkedid ?? '');
  return call?.customer === customer ? call : undefined;
}

/** The customer's call ends for the agent; the login channel goes back to holding (no call of its own). */
function endPoolCall(d: Draft, call: CallTrack): void {
  const login = d.login!;
  for (const uid of call.legs) {
    d.dropLeg(uid);
    if (uid !== login.uniqueid) d.markEnded(uid);
  }
  d.endCall(call.id);
}
