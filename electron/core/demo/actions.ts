/**
 * The demo PBX's answers to AMI actions, worded as Asterisk 22 words them (fixtures 01, 07, 08,
 * 09 and Asterisk's manager.c / app_queue.c / app_mixmonitor.c). Login, Challenge, Logoff and
 * Events belong to the session and live in server.ts.
 */
import { channelEvent, channelPairs, extensionStatusText, memberEvent, plain, queueMemberItem, stateDesc, type Pairs } from './events.ts';
import type { CallCenter, Channel } from './callcenter.ts';
import { HINT_CONTEXT } from './callcenter.ts';
import { ACTION_CLASSES } from './permissions.ts';
import type { Scenarios } from './scenarios.ts';
import type { ActionContext, ActionHandler } from './server.ts';

export const ASTERISK_VERSION = '22.10.1';

export interface QueueLogRow {
  time: number;
  callId: string;
  queue: string;
  agent: string;
  event: string;
  data: string;
}

export interface ActionDeps {
  cc: CallCenter;
  scenarios: Scenarios;
  /** Where QueueLog rows go (a wallboard reads queue_log). */
  queueLog: QueueLogRow[];
}

/** Asterisk's ast_true(). */
function isTrue(v: string): boolean {
  return /^(yes|true|y|t|1|on)$/i.test(v.trim());
}

function ok(ctx: ActionContext, message?: string, rest: Pairs = []): void {
  ctx.session.respond(ctx.actionId, 'Success', message === undefined ? rest : [['Message', message], ...rest]);
}

function fail(ctx: ActionContext, message: string): void {
  ctx.session.respond(ctx.actionId, 'Error', [['Message', message]]);
}

/** `Response: Success / EventList: start`, the items, then the `...Complete` event. */
function list(ctx: ActionContext, message: string, items: Pairs[], complete: string, extra: Pairs = []): void {
  ctx.session.respond(ctx.actionId, 'Success', [
    ['EventList', 'start'],
    ['Message', message],
  ]);
  for (const item of items) ctx.session.sendPairs(item);
  const id: Pairs = ctx.actionId === undefined ? [] : [['ActionID', ctx.actionId]];
  ctx.session.sendPairs([['Event', complete], ...id, ['EventList', 'Complete'], ['ListItems', String(items.length)], ...extra]);
}

function idPair(ctx: ActionContext): Pairs {
  return ctx.actionId === undefined ? [] : [['ActionID', ctx.actionId]];
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

export function createActionHandlers(deps: ActionDeps): Record<string, ActionHandler> {
  const { cc, scenarios } = deps;
  const channel = (ctx: ActionContext): Channel | undefined => cc.findChannel(ctx.header('Channel'));
  const secondsOf = (ch: Channel) => Math.floor((cc.nowMs() - ch.createdAt) / 1000);

  return {
    Ping: (ctx) =>
      ok(ctx, undefined, [
        ['Ping', 'Pong'],
        ['Timestamp', (cc.nowMs() / 1000).toFixed(6)],
      ]),

    ListCommands: (ctx) =>
      ok(
        ctx,
        undefined,
        Object.entries(ACTION_CLASSES).map(([name, classes]) => [name, `(Priv: ${classes.length ? classes.join(',') : '<none>'})`]),
      ),

    CoreSettings: (ctx) =>
      ok(ctx, undefined, [
        ['AMIversion', '11.0.0'],
        ['AsteriskVersion', ASTERISK_VERSION],
        ['SystemName', ''],
        ['CoreMaxCalls', '500'],
        ['CoreMaxLoadAvg', '0.000000'],
        ['CoreRunUser', 'asterisk'],
        ['CoreRunGroup', 'asterisk'],
        ['CoreMaxFilehandles', '0'],
        ['CoreRealTimeEnabled', 'No'],
        ['CoreCDRenabled', 'Yes'],
        ['CoreHTTPenabled', 'No'],
        ['SoundsSearchCustomDir', 'No'],
      ]),

    CoreStatus: (ctx) =>
      ok(ctx, undefined, [
        ['CoreStartupDate', utcDate(cc.startedAt)],
        ['CoreStartupTime', utcTime(cc.startedAt)],
        ['CoreReloadDate', utcDate(cc.reloadedAt)],
        ['CoreReloadTime', utcTime(cc.reloadedAt)],
        ['CoreCurrentCalls', String(scenarios.activeCallIds().length)],
        ['CoreProcessedCalls', String(cc.processedCalls)],
      ]),

    Command: (ctx) => {
      const command = ctx.header('Command').trim();
      let output: string[];
      if (command === 'core show version')
        output = [`Asterisk ${ASTERISK_VERSION} built by demo @ pbx-companion on a x86_64 running Linux`];
      else if (command === 'core show channels concise')
        output = [...cc.channels.values()].map((c) =>
          [
            c.name,
            c.context,
            c.exten,
            c.priority,
            stateDesc(c.state),
            c.application,
            c.appData,
            c.callerNum,
            '',
            '',
            '3',
            secondsOf(c),
            c.bridge?.id ?? '',
            c.uniqueid,
          ].join('!'),
        );
      else output = [`No such command '${command}' (type 'core show help ${command}' for other possible commands)`];
      ok(ctx, 'Command output follows', [...output.map((line): readonly [string, string] => ['Output', line]), ['Output', '']]);
    },

    Reload: (ctx) => {
      const module = ctx.header('Module');
      ok(ctx, 'Module Reloaded');
      cc.reloadedAt = cc.nowMs();
      cc.emit(
        plain('Reload', 'system', [
          ['Module', module || 'All'],
          ['Status', '0'],
        ]),
      );
    },

    QueueStatus: (ctx) => {
      const wanted = ctx.header('Queue');
      const member = ctx.header('Member');
      const items: Pairs[] = [];
      for (const q of cc.queues.values()) {
        if (wanted && q.name !== wanted) continue;
        const waiting = scenarios.waitingIn(q.name);
        items.push([
          ['Event', 'QueueParams'],
          ['Queue', q.name],
          ['Max', '0'],
          ['Strategy', 'ringall'],
          ['Calls', String(waiting.length)],
          ['Holdtime', String(q.completed ? Math.round(q.holdTotal / q.completed) : 0)],
          ['TalkTime', String(q.completed ? Math.round(q.talkTotal / q.completed) : 0)],
          ['Completed', String(q.completed)],
          ['Abandoned', String(q.abandoned)],
          ['ServiceLevel', '0'],
          ['ServicelevelPerf', '0.0'],
          ['ServicelevelPerf2', '0.0'],
          ['Weight', '0'],
          ...idPair(ctx),
        ]);
        for (const m of q.members) {
          if (member && m.iface !== member && m.name !== member) continue;
          items.push([['Event', 'QueueMember'], ...queueMemberItem(m), ...idPair(ctx)]);
        }
        for (const w of waiting) {
          items.push([
            ['Event', 'QueueEntry'],
            ['Queue', q.name],
            ['Position', String(w.position)],
            ['Channel', w.channel.name],
            ['Uniqueid', w.channel.uniqueid],
            ['CallerIDNum', w.channel.callerNum],
            ['CallerIDName', w.channel.callerName],
            ['ConnectedLineNum', 'unknown'],
            ['ConnectedLineName', 'unknown'],
            ['Wait', String(w.waitSeconds)],
            ['Priority', '0'],
            ...idPair(ctx),
          ]);
        }
      }
      list(ctx, 'Queue status will follow', items, 'QueueStatusComplete');
    },

    QueueSummary: (ctx) => {
      const wanted = ctx.header('Queue');
      const items: Pairs[] = [];
      for (const q of cc.queues.values()) {
        if (wanted && q.name !== wanted) continue;
        const waiting = scenarios.waitingIn(q.name);
        items.push([
          ['Event', 'QueueSummary'],
          ['Queue', q.name],
          ['LoggedIn', String(q.members.length)],
          ['Available', String(q.members.filter((m) => cc.memberAvailable(m)).length)],
          ['Callers', String(waiting.length)],
          ['HoldTime', String(q.completed ? Math.round(q.holdTotal / q.completed) : 0)],
          ['TalkTime', String(q.completed ? Math.round(q.talkTotal / q.completed) : 0)],
          ['LongestHoldTime', String(waiting[0]?.waitSeconds ?? 0)],
          ...idPair(ctx),
        ]);
      }
      list(ctx, 'Queue summary will follow', items, 'QueueSummaryComplete');
    },

    ExtensionStateList: (ctx) => {
      const items: Pairs[] = [...cc.phones.values()].map((p) => {
        const h = cc.hint(p);
        return [
          ['Event', 'ExtensionStatus'],
          ...idPair(ctx),
          ['Exten', h.exten],
          ['Context', h.context],
          ['Hint', h.hint],
          ['Status', String(h.status)],
          ['StatusText', extensionStatusText(h.status)],
        ];
      });
      list(ctx, 'Extension Statuses will follow', items, 'ExtensionStateListComplete');
    },

    ExtensionState: (ctx) => {
      const exten = ctx.header('Exten');
      const context = ctx.header('Context') || 'default';
      const phone = context === HINT_CONTEXT ? cc.phones.get(exten) : undefined;
      const h = phone ? cc.hint(phone) : { exten, context, hint: '', status: -1 };
      ok(ctx, 'Extension Status', [
        ['Exten', exten],
        ['Context', context],
        ['Hint', h.hint],
        ['Status', String(h.status)],
        ['StatusText', extensionStatusText(h.status)],
      ]);
    },

    DeviceStateList: (ctx) => {
      const devices: Array<[string, string]> = [];
      for (const q of cc.queues.values()) {
        devices.push([`Queue:${q.name}_avail`, q.availReported]);
        for (const m of q.members) devices.push([`Queue:${q.name}_pause_${m.iface}`, m.paused ? 'INUSE' : 'NOT_INUSE']);
      }
      for (const p of cc.phones.values()) devices.push([p.endpoint, p.lastState]);
      devices.push(['PJSIP/9000', [...cc.channels.keys()].some((n) => n.startsWith('PJSIP/9000-')) ? 'INUSE' : 'NOT_INUSE']);
      const items: Pairs[] = devices.map(([device, state]) => [
        ['Event', 'DeviceStateChange'],
        ...idPair(ctx),
        ['Device', device],
        ['State', state],
      ]);
      list(ctx, 'Device State Changes will follow', items, 'DeviceStateListComplete');
    },

    Status: (ctx) => {
      const name = ctx.header('Channel');
      let chans = [...cc.channels.values()];
      if (name) {
        const ch = cc.findChannel(name);
        if (!ch) return fail(ctx, 'No such channel');
        chans = [ch];
      }
      const items: Pairs[] = chans.map((c) => [
        ['Event', 'Status'],
        ['Privilege', 'Call'],
        ...channelPairs(c),
        ['Type', c.name.startsWith('Local/') ? 'Local' : 'PJSIP'],
        ['DNID', c.name.startsWith('PJSIP/9000-') ? (cc.queues.get(c.appData.split(',')[0] ?? '')?.did ?? '') : ''],
        ['EffectiveConnectedLineNum', c.connectedNum],
        ['EffectiveConnectedLineName', c.connectedName],
        ['TimeToHangup', '0'],
        ['BridgeID', c.bridge?.id ?? ''],
        ['Application', c.application],
        ['Data', c.appData],
        ['Nativeformats', '(ulaw)'],
        ['Readformat', 'ulaw'],
        ['Readtrans', ''],
        ['Writeformat', 'ulaw'],
        ['Writetrans', ''],
        ['Callgroup', '0'],
        ['Pickupgroup', '0'],
        ['Seconds', String(secondsOf(c))],
        ...idPair(ctx),
      ]);
      list(ctx, 'Channel status will follow', items, 'StatusComplete', [['Items', String(items.length)]]);
    },

    CoreShowChannels: (ctx) => {
      const items: Pairs[] = [...cc.channels.values()].map((c) => [
        ['Event', 'CoreShowChannel'],
        ...idPair(ctx),
        ...channelPairs(c),
        ['Application', c.application],
        ['ApplicationData', c.appData],
        ['Duration', duration(secondsOf(c))],
        ['BridgeId', c.bridge?.id ?? ''],
      ]);
      list(ctx, 'Channels will follow', items, 'CoreShowChannelsComplete');
    },

    PJSIPShowEndpoints: (ctx) => {
      const items: Pairs[] = [...cc.phones.values()].map((p) => [
        ['Event', 'EndpointList'],
        ...idPair(ctx),
        ['ObjectType', 'endpoint'],
        ['ObjectName', p.exten],
        ['Transport', 'transport-udp'],
        ['Aor', p.exten],
        ['Auths', p.exten],
        ['OutboundAuths', ''],
        ['Contacts', p.registered ? `${p.exten}/sip:${p.exten}@127.0.0.1:${p.port};ob,` : ''],
        [
          'DeviceState',
          p.lastState === 'NOT_INUSE'
            ? 'Not in use'
            : p.lastState === 'UNAVAILABLE'
              ? 'Unavailable'
              : p.lastState === 'RINGING'
                ? 'Ringing'
                : 'In use',
        ],
        ['ActiveChannels', String([...cc.channels.values()].filter((c) => c.endpoint === p.endpoint).length)],
      ]);
      list(ctx, 'A listing of Endpoints follows, presented as EndpointList events', items, 'EndpointListComplete');
    },

    // res_pjsip's ami_show_endpoint: the endpoint's options (Callerid as ast_callerid_merge writes
    // it), then its AoR's; an endpoint it does not know is an error, not an empty list.
    PJSIPShowEndpoint: (ctx) => {
      const name = ctx.header('Endpoint');
      if (!name) return fail(ctx, 'PJSIPShowEndpoint requires an endpoint name');
      const p = cc.phones.get(name);
      if (!p) return fail(ctx, `Unable to retrieve endpoint ${name}`);
      const items: Pairs[] = [
        [
          ['Event', 'EndpointDetail'],
          ...idPair(ctx),
          ['ObjectType', 'endpoint'],
          ['ObjectName', p.exten],
          ['Context', 'from-internal'],
          ['Disallow', ''],
          ['Allow', '(ulaw|alaw)'],
          ['Aors', p.exten],
          ['Auth', p.exten],
          ['Callerid', `"${p.name}" <${p.exten}>`],
          ['CalleridPrivacy', 'allowed_not_screened'],
          ['CalleridTag', ''],
          ['DeviceStateBusyAt', '0'],
          ['DeviceState', p.registered ? 'Not in use' : 'Unavailable'],
          ['ActiveChannels', ''],
        ],
        [
          ['Event', 'AorDetail'],
          ...idPair(ctx),
          ['ObjectType', 'aor'],
          ['ObjectName', p.exten],
          ['MaxContacts', '1'],
          ['Contacts', p.registered ? `${p.exten}/sip:${p.exten}@127.0.0.1:${p.port};ob` : ''],
          ['EndpointName', p.exten],
        ],
      ];
      list(ctx, 'Following are Events for each object associated with the Endpoint', items, 'EndpointDetailComplete');
    },

    PJSIPShowContacts: (ctx) => {
      const items: Pairs[] = [...cc.phones.values()]
        .filter((p) => p.registered)
        .map((p) => [
          ['Event', 'ContactList'],
          ...idPair(ctx),
          ['ObjectType', 'contact'],
          ['ObjectName', `${p.exten};@demo${p.exten}`],
          ['ViaAddr', '127.0.0.1'],
          ['Endpoint', p.exten],
          ['ViaPort', String(p.port)],
          ['Uri', `sip:${p.exten}@127.0.0.1:${p.port};ob`],
          ['QualifyFrequency', '60'],
          ['UserAgent', 'PBX Companion demo phone'],
          ['Status', 'Reachable'],
          ['RoundtripUsec', '400'],
        ]);
      list(ctx, 'A listing of Contacts follows, presented as ContactList events', items, 'ContactListComplete');
    },

    Getvar: (ctx) => {
      const variable = ctx.header('Variable');
      if (!variable) return fail(ctx, 'No variable specified');
      const name = ctx.header('Channel');
      let value = '';
      if (name) {
        const ch = cc.findChannel(name);
        if (!ch) return fail(ctx, 'No such channel');
        const fn = /^CALLERID\((num|name)\)$/i.exec(variable);
        if (fn) value = fn[1]!.toLowerCase() === 'num' ? ch.callerNum : ch.callerName;
        else value = ch.vars.get(variable) ?? ch.vars.get(variable.replace(/^_+/, '')) ?? '';
      }
      ok(ctx, undefined, [
        ['Variable', variable],
        ['Value', value],
      ]);
    },

    Setvar: (ctx) => {
      const variable = ctx.header('Variable');
      if (!variable) return fail(ctx, 'No variable specified');
      const name = ctx.header('Channel');
      if (name) {
        const ch = cc.findChannel(name);
        if (!ch) return fail(ctx, 'No such channel');
        ch.vars.set(variable.replace(/^_+/, ''), ctx.header('Value'));
      }
      ok(ctx, 'Variable Set');
    },

    Hangup: (ctx) => {
      const name = ctx.header('Channel');
      if (!name) return fail(ctx, 'No channel specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'No such channel');
      ok(ctx, 'Channel Hungup');
      scenarios.hangupChannel(ch);
    },

    Redirect: (ctx) => {
      const name = ctx.header('Channel');
      if (!name) return fail(ctx, 'Channel not specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, `Channel does not exist: ${name}`);
      const exten = ctx.header('Exten');
      ok(ctx, 'Redirect successful');
      const call = scenarios.connectedCallOf(ch);
      if (call && call.legs[0] === ch) scenarios.transferCustomer(call, exten, ctx.header('Context') || 'from-internal');
      else if (call) scenarios.hangupChannel(ch);
    },

    BlindTransfer: (ctx) => {
      const name = ctx.header('Channel');
      if (!name) return fail(ctx, 'No channel specified');
      const exten = ctx.header('Exten');
      if (!exten) return fail(ctx, 'No extension specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'Channel specified does not exist');
      const refusal = scenarios.transfers.refuseBlind(ch);
      if (refusal) return fail(ctx, refusal);
      ok(ctx, 'Transfer succeeded');
      scenarios.transfers.blind(ch, exten, ctx.header('Context') || ch.context);
    },

    Atxfer: (ctx) => {
      const name = ctx.header('Channel');
      if (!name) return fail(ctx, 'No channel specified');
      const exten = ctx.header('Exten');
      if (!exten) return fail(ctx, 'No extension specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'Channel specified does not exist');
      ok(ctx, 'Atxfer successfully queued');
      // Asterisk queues the atxfer feature code (*2) and the digits on the channel (L2, L3, L5).
      scenarios.transfers.attended(ch, exten, ctx.header('Context') || 'from-internal');
    },

    Originate: (ctx) => {
      const variables: Array<[string, string]> = [];
      for (const header of ctx.message.getAll('Variable')) {
        // Asterisk splits each Variable header on commas.
        for (const part of header.split(',')) {
          const eq = part.indexOf('=');
          if (eq > 0) variables.push([part.slice(0, eq), part.slice(eq + 1)]);
        }
      }
      const timeout = Number(ctx.header('Timeout') || '30000');
      if (!Number.isFinite(timeout) || timeout < 0) return fail(ctx, 'Invalid timeout');
      const error = scenarios.originate({
        actionId: ctx.actionId,
        channel: ctx.header('Channel'),
        context: ctx.header('Context'),
        exten: ctx.header('Exten'),
        application: ctx.header('Application'),
        data: ctx.header('Data'),
        callerId: ctx.header('CallerID'),
        timeoutMs: timeout,
        variables,
        account: ctx.header('Account'),
      });
      if (error) fail(ctx, error);
      else ok(ctx, 'Originate successfully queued');
    },

    QueuePause: (ctx) => {
      const iface = ctx.header('Interface');
      const pausedText = ctx.header('Paused');
      if (!iface || !pausedText) return fail(ctx, "Need 'Interface' and 'Paused' parameters.");
      const members = cc.membersOf(iface, ctx.header('Queue') || undefined);
      if (members.length === 0) return fail(ctx, 'Interface not found');
      const paused = isTrue(pausedText);
      ok(ctx, paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
      // app_queue's own queue_log rows (set_member_paused): PAUSEALL once without a Queue, then a
      // PAUSE/UNPAUSE per queue, whether or not the member was paused, under the member's name.
      const row = (queue: string, agent: string, event: string) =>
        deps.queueLog.push({ time: cc.seconds(), callId: 'NONE', queue, agent, event, data: ctx.header('Reason') });
      if (!ctx.header('Queue')) row('NONE', members[0]!.name, paused ? 'PAUSEALL' : 'UNPAUSEALL');
      for (const m of members) {
        row(m.queue, m.name, paused ? 'PAUSE' : 'UNPAUSE');
        cc.setPaused(m, paused, ctx.header('Reason'));
      }
      if (!paused) scenarios.distributeAll();
    },

    QueueAdd: (ctx) => {
      const queueName = ctx.header('Queue');
      const iface = ctx.header('Interface');
      if (!queueName) return fail(ctx, "'Queue' not specified.");
      if (!iface) return fail(ctx, "'Interface' not specified.");
      const q = cc.queues.get(queueName);
      if (!q) return fail(ctx, 'Unable to add interface to queue: No such queue');
      if (cc.membersOf(iface, queueName).length > 0) return fail(ctx, 'Unable to add interface: Already there');
      const penalty = Number(ctx.header('Penalty') || '0');
      ok(ctx, 'Added interface to queue');
      cc.addMember(
        q,
        iface,
        ctx.header('MemberName') || iface,
        ctx.header('StateInterface') || iface,
        Number.isFinite(penalty) ? penalty : 0,
        isTrue(ctx.header('Paused')),
        ctx.header('Reason'),
      );
      scenarios.distributeAll();
    },

    QueueRemove: (ctx) => {
      const queueName = ctx.header('Queue');
      const iface = ctx.header('Interface');
      if (!queueName || !iface) return fail(ctx, "Need 'Queue' and 'Interface' parameters.");
      if (!cc.queues.get(queueName)) return fail(ctx, 'Unable to remove interface from queue: No such queue');
      const m = cc.membersOf(iface, queueName)[0];
      if (!m) return fail(ctx, 'Unable to remove interface: Not there');
      if (m.membership !== 'dynamic') return fail(ctx, 'Member not dynamic');
      ok(ctx, 'Removed interface from queue');
      cc.removeMember(m);
    },

    QueuePenalty: (ctx) => {
      const iface = ctx.header('Interface');
      const penaltyText = ctx.header('Penalty');
      if (!iface || !penaltyText) return fail(ctx, "Need 'Interface' and 'Penalty' parameters.");
      const penalty = Number(penaltyText);
      const members = cc.membersOf(iface, ctx.header('Queue') || undefined);
      if (!Number.isInteger(penalty) || penalty < 0 || members.length === 0) return fail(ctx, 'Invalid interface, queuename or penalty');
      ok(ctx, 'Interface penalty set successfully');
      for (const m of members) {
        m.penalty = penalty;
        cc.emit(memberEvent('QueueMemberPenalty', m));
      }
    },

    QueueLog: (ctx) => {
      const queue = ctx.header('Queue');
      const event = ctx.header('Event');
      if (!queue || !event) return fail(ctx, "Need 'Event' and 'Queue' parameters.");
      deps.queueLog.push({
        time: cc.seconds(),
        callId: ctx.header('UniqueID') || 'NONE',
        queue,
        agent: ctx.header('Interface') || 'NONE',
        event,
        data: ctx.header('Message'),
      });
      ok(ctx, 'Event added successfully');
    },

    MixMonitor: (ctx) => {
      if (!ctx.header('Channel')) return fail(ctx, 'No channel specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'No such channel');
      const file = ctx.header('File');
      if (!file) return fail(ctx, 'Could not start monitoring channel');
      ch.recording = { file, muted: false };
      ch.vars.set('MIXMONITOR_FILENAME', file);
      ok(ctx);
      cc.emit(channelEvent('MixMonitorStart', ch));
    },

    MixMonitorMute: (ctx) => {
      const direction = ctx.header('Direction');
      if (!direction) return fail(ctx, 'No direction specified. Must be read, write or both');
      if (!/^(read|write|both)$/i.test(direction)) return fail(ctx, 'Invalid direction specified. Must be read, write or both');
      if (!ctx.header('Channel')) return fail(ctx, 'No channel specified');
      const state = ctx.header('State');
      if (!state) return fail(ctx, 'No state specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'No such channel');
      if (!ch.recording) return fail(ctx, 'Cannot set mute flag');
      ch.recording.muted = isTrue(state);
      ok(ctx);
      cc.emit(
        channelEvent('MixMonitorMute', ch, [
          ['Direction', direction.toLowerCase()],
          ['State', ch.recording.muted ? '1' : '0'],
        ]),
      );
    },

    StopMixMonitor: (ctx) => {
      if (!ctx.header('Channel')) return fail(ctx, 'No channel specified');
      const ch = channel(ctx);
      if (!ch) return fail(ctx, 'No such channel');
      if (!ch.recording) return fail(ctx, 'Could not stop monitoring channel');
      ch.recording = undefined;
      ok(ctx);
      cc.emit(channelEvent('MixMonitorStop', ch));
    },

    Filter: (ctx) => {
      const operation = ctx.header('Operation');
      if (operation !== 'Add') return fail(ctx, 'Unknown operation');
      ok(ctx, 'Filter Added Successfully');
    },
  };
}
