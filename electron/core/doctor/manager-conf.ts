/**
 * What the doctor tells the PBX admin to put in manager.conf: the least-privilege user and the event
 * filter for one desk, in the syntax the Asterisk version understands. Shared by the CLI's `doctor`
 * and the settings window's "Test connection" (checks.ts).
 */

/** The numeric parts of an Asterisk version string: `22.1.0` -> [22, 1, 0]; [] when unknown. */
export function versionParts(version: string | null): number[] {
  return (version?.match(/\d+(\.\d+)*/)?.[0] ?? '').split('.').filter(Boolean).map(Number);
}

/** Advanced event filters exist from 22.1, 21.6, 20.11 and 18.26 on. */
export function hasAdvancedFilters(version: string | null): boolean {
  const [major = 0, minor = 0] = versionParts(version);
  const since: Record<number, number> = { 18: 26, 20: 11, 21: 6, 22: 1 };
  if (major > 22) return true;
  return since[major] !== undefined && minor >= since[major];
}

/**
 * The least-privilege manager.conf user. Why each class (Asterisk registers every action with the
 * classes that may run it, and sends every event under one class):
 * - read = call: channel, dial, bridge, hangup, DeviceStateChange, ExtensionStatus (the agent's and
 *   its colleagues' lamps), MixMonitor events.
 * - read = agent: Queue* and Agent* events (QueueMemberPause, AgentCalled, QueueCallerJoin, ...).
 * - read = system: FullyBooted and Shutdown (restarts), PeerStatus/ContactStatus (registration).
 *   Not dialplan (the VarSet flood: ChanVariable headers already carry `channelvars`), not dtmf,
 *   security, agi, user or reporting (RTCP).
 * - write = call: Hangup, Redirect, BlindTransfer, Atxfer, Status, Getvar, ExtensionStateList, DeviceStateList.
 * - write = originate: Originate (click-to-dial).
 * - write = agent: QueuePause, QueueAdd, QueueRemove.
 * - write = reporting: CoreSettings, CoreStatus, CoreShowChannels (instead of system for these).
 * - write = system: only MixMonitor (recording) and PJSIPShowEndpoint (colleagues' names from their
 *   phones; optional, names then come from calls) need it, and with originate it also lets the user
 *   Originate the System() application (a shell on the PBX): so it is left out unless wanted.
 *   chan_sip's SIPshowpeer (the same names) runs with reporting.
 *   Never `command` or `config`: the app runs no CLI commands and changes no configuration.
 */
export function stanza(user: string, extension: string | undefined, version: string | null, agent?: string): string {
  const lines = [
    `; manager.conf: least privilege for PBX Companion (then "manager reload")`,
    `; in [general]: channelvars = CUSTOMER_ID,CUSTOMER_NAME   (the variables your IVR sets for screen pops)`,
    `[${user}]`,
    `secret = <keep your secret>`,
    `deny = 0.0.0.0/0.0.0.0`,
    `permit = <the agents' network, e.g. 10.0.0.0/255.255.0.0>`,
    `read = call,agent,system`,
    `write = call,originate,agent,reporting   ; add system only for recordings the app starts (MixMonitor needs it; with originate it also allows Originate of System())`,
    `writetimeout = 5000`,
  ];
  if (agent)
    lines.push(
      `; agent pool (agent ${agent}): read = agent gives AgentLogin/AgentLogoff, write = agent the Agents list and AgentLogoff, originate the log-in`,
    );
  if (!extension) {
    lines.push(`; give --extension to print this desk's event filter (each desk then receives only its own calls)`);
    return lines.join('\n');
  }
  const ext = extension;
  const advanced = [
    `eventfilter(action(include),header(Event),method(starts_with)) = Queue`,
    `eventfilter(action(include),header(Event),method(starts_with)) = Agent`,
    // The team view: colleagues' lamps (one small event per phone state change, any phone).
    `eventfilter(action(include),name(ExtensionStatus)) =`,
    `eventfilter(action(include),method(contains)) = PJSIP/${ext}`,
    ...(versionParts(version)[0] !== undefined && versionParts(version)[0]! < 21
      ? [`eventfilter(action(include),method(contains)) = SIP/${ext}`]
      : []),
    `eventfilter(action(include),method(contains)) = /${ext}@`,
    `eventfilter(action(include),method(contains)) = :${ext}@`,
    // Extension: a colleague's BlindTransfer to this desk (`Extension: 1001`), read for transferredBy.
    ...['Exten', 'CallerIDNum', 'ConnectedLineNum', 'AOR', 'Extension'].map(
      (h) => `eventfilter(action(include),header(${h}),method(exact)) = ${ext}`,
    ),
    // {did}: the number a caller dialled lives only on the call's first channel (Newchannel
    // `Exten: 600`), created before anything says the call will reach this desk. So: every Newchannel
    // whose Exten is not `s` (any value but exactly "s"; [:space:] so a CR left on the line cannot pass as one). That lets through the first channel of each
    // call placed on the PBX (a caller's, or a phone's dialling out) and Local channel pairs (one
    // event per channel at its creation, nothing after), not the phone legs Dial and Queue create
    // (`Exten: s`). Not `ChannelStateDesc: Ring`: chan_sip (Asterisk 18) creates the caller's channel Down.
    `eventfilter(action(include),name(Newchannel),header(Exten),method(regex)) = ^([^s[:space:]]|s[^[:space:]])`,
    // Restarts: not in the verified set; the app reconnects on the socket close even without them.
    `eventfilter(action(include),name(FullyBooted)) =`,
    `eventfilter(action(include),name(Shutdown)) =`,
    `eventfilter(action(exclude),name(VarSet)) =`,
    // The agent pool's agent: its member's Local legs and state interface, and AgentLogin/AgentLogoff.
    ...(agent
      ? [
          `eventfilter(action(include),method(contains)) = /${agent}@`,
          `eventfilter(action(include),method(contains)) = Agent:${agent}`,
          `eventfilter(action(include),header(Agent),method(exact)) = ${agent}`,
        ]
      : []),
  ];
  // The same in regex form (POSIX ERE on the whole event text, where `.` matches line breaks too):
  // `: 1001` covers Extension; the Newchannel line is "an Exten other than s" ([:space:] is the CR after it).
  const legacy = [
    `eventfilter = Event: (Queue|Agent|ExtensionStatus)`,
    `eventfilter = (/|:|: )${ext}[^0-9]`,
    `eventfilter = Event: (FullyBooted|Shutdown)`,
    `eventfilter = ^Event: Newchannel.*Exten: ([^s[:space:]]|s[^[:space:]])`,
    ...(agent ? [`eventfilter = (/|:|: )${agent}[^0-9]`] : []),
  ];
  if (hasAdvancedFilters(version)) {
    lines.push(`; event filter for extension ${ext} (Asterisk 22.1+, 21.6+, 20.11+, 18.26+)`, ...advanced);
    lines.push(`; or the legacy regex form, for older versions:`, ...legacy.map((l) => `; ${l}`));
  } else {
    lines.push(`; event filter for extension ${ext} (legacy regex form${version ? ` for Asterisk ${version}` : ''})`, ...legacy);
    lines.push(`; on Asterisk 22.1+, 21.6+, 20.11+, 18.26+ prefer the advanced form:`, ...advanced.map((l) => `; ${l}`));
  }
  return lines.join('\n');
}
