/**
 * manager.conf permissions: a user's `read` classes decide which events reach it, its `write`
 * classes which actions it may run. An action runs when the user holds any one of the action's
 * classes, or when the action needs none (Ping, QueueStatus), as Asterisk's manager.c decides.
 */
import type { EventClass } from './events.ts';

const ALL_CLASSES: EventClass[] = [
  'system',
  'call',
  'log',
  'verbose',
  'command',
  'agent',
  'user',
  'config',
  'dtmf',
  'reporting',
  'cdr',
  'dialplan',
  'originate',
  'agi',
  'cc',
  'aoc',
  'test',
  'security',
  'message',
];

/** Parses `system,call,agent` or `all` into a set of classes; unknown words are ignored, as Asterisk does. */
export function parseClasses(text: string): Set<EventClass> {
  const out = new Set<EventClass>();
  for (const word of text.split(',').map((w) => w.trim().toLowerCase())) {
    if (word === 'all') ALL_CLASSES.forEach((c) => out.add(c));
    else if ((ALL_CLASSES as string[]).includes(word)) out.add(word as EventClass);
  }
  return out;
}

/**
 * The classes each action needs (Asterisk 22's registrations); `[]` means anyone logged in.
 * An action missing here is unknown: `Invalid/unknown command`.
 */
export const ACTION_CLASSES: Readonly<Record<string, readonly EventClass[]>> = {
  ping: [],
  login: [],
  logoff: [],
  challenge: [],
  events: [],
  listcommands: [],
  queuestatus: [],
  queuesummary: [],
  coresettings: ['system', 'reporting'],
  corestatus: ['system', 'reporting'],
  coreshowchannels: ['system', 'reporting'],
  status: ['system', 'call', 'reporting'],
  command: ['command'],
  reload: ['config', 'system'],
  extensionstate: ['call', 'reporting'],
  extensionstatelist: ['call', 'reporting'],
  devicestatelist: ['call', 'reporting'],
  getvar: ['call', 'reporting'],
  setvar: ['call'],
  hangup: ['system', 'call'],
  redirect: ['call'],
  blindtransfer: ['call'],
  atxfer: ['call'],
  originate: ['originate'],
  queuepause: ['agent'],
  queueadd: ['agent'],
  queueremove: ['agent'],
  queuelog: ['agent'],
  queuepenalty: ['agent'],
  agents: ['agent'],
  agentlogoff: ['agent'],
  mixmonitor: ['system'],
  mixmonitormute: ['system', 'call'],
  stopmixmonitor: ['system', 'call'],
  pjsipshowendpoints: ['system'],
  pjsipshowendpoint: ['system'],
  pjsipshowcontacts: ['system'],
  filter: ['system'],
};

export function mayRun(action: string, write: ReadonlySet<EventClass>): boolean {
  const needs = ACTION_CLASSES[action.toLowerCase()];
  if (!needs) return false;
  return needs.length === 0 || needs.some((c) => write.has(c));
}

export function isKnownAction(action: string): boolean {
  return ACTION_CLASSES[action.toLowerCase()] !== undefined;
}
