/**
 * The command palette's list: every agent verb that makes sense right now, as words. What the agent
 * typed narrows the list, and fills in the verbs that need an argument (dial a number, transfer to).
 */
import type { VerbResult } from '@shared/companion.ts';
import type { Contact } from '@shared/contacts.ts';
import type { CallInfo, Snapshot } from '@shared/snapshot.ts';
import type { PhraseCode, PhraseParam } from '@shared/phrases/index.ts';
import { LANGUAGE_PREFS, type Language, type LanguagePref } from './i18n.svelte.ts';
import { THEME_PREFS, type ThemePref } from './theme.svelte.ts';
import type { PrefChange } from './prefs.ts';
import type { RendererBridge } from './bridge.ts';
import type { PauseReason } from './pause-reasons.svelte.ts';
import type { Supervision } from './supervision.svelte.ts';
import { afterCallTarget } from './after-call.ts';
import { fold } from './format.ts';
import { colleagueName, colleaguesOf, findColleagues } from './team.ts';

export interface Command {
  id: string;
  label: string;
  /** Words that also match, e.g. the reason code. */
  keywords?: string;
  /** What it says when it works. */
  success?: string;
  /** Its result is not on screen (the phone rings first, a supervisor's line opens): say it in a toast. */
  outOfSight?: boolean;
  /** False for a prompt that needs the agent to type something first. */
  runnable: boolean;
  run: () => Promise<VerbResult>;
}

export interface CommandContext {
  snapshot: Snapshot | null;
  call: CallInfo | null;
  query: string;
  lang: Language;
  bridge: RendererBridge;
  reasons: readonly PauseReason[];
  t: (code: PhraseCode, params?: Record<string, PhraseParam>) => string;
  /** Listen and whisper, where the running core offers them (a supervisor). */
  supervision?: Supervision;
  /** The contacts the settings' sources found for commandArgument(query) (contacts.svelte.ts); none: no entries. */
  contacts?: readonly Contact[];
  /** The language and theme in use and how to change them: palette entries, not pickers in the popover's footer. */
  prefs?: { language: LanguagePref; theme: ThemePref; choose: (change: PrefChange) => Promise<VerbResult> };
}

const noop = async (): Promise<VerbResult> => ({ ok: false, error: '' });

/** Colleagues offered at most for what was typed: a few names, not the whole PBX. */
const COLLEAGUES_AT_MOST = 8;

/** Both languages' words for each theme and language choice, so "dark" and "oscuro" find the same entry. */
const PREF_WORDS: Record<ThemePref | LanguagePref, string> = {
  auto: 'auto system sistema',
  light: 'light claro',
  dark: 'dark oscuro',
  en: 'english ingles',
  es: 'spanish espanol castellano',
};

/** A verb typed before its number ("dial 1002", "transfer 1002", en and es): only that verb is offered. */
const NUMBER_VERBS: Record<string, 'dial' | 'transfer'> = {
  dial: 'dial',
  call: 'dial',
  llamar: 'dial',
  marcar: 'dial',
  transfer: 'transfer',
  transferir: 'transfer',
};

/** What was typed after a verb ("call lucia" -> "lucia"), or all of it: what a name or number search looks for. */
export function commandArgument(query: string): string {
  const [first = '', ...rest] = query.trim().split(/\s+/);
  return rest.length > 0 && NUMBER_VERBS[fold(first)] ? rest.join(' ') : query.trim();
}

export function buildCommands({
  snapshot,
  call,
  query,
  lang,
  bridge,
  reasons,
  t,
  supervision,
  prefs,
  contacts,
}: CommandContext): Command[] {
  const commands: Command[] = [];
  const [first = '', ...rest] = query.trim().split(/\s+/);
  const verb = rest.length > 0 ? NUMBER_VERBS[fold(first)] : undefined;
  const argument = commandArgument(query);
  const looksLikeNumber = /^[+()\d\s.*#-]{2,}$/.test(argument) && /\d/.test(argument);
  const onCall = call !== null && (call.state === 'up' || call.state === 'onhold');
  const queues = snapshot?.queues ?? [];
  const members = queues.filter((q) => q.member);

  if (looksLikeNumber) {
    // On a call a number is most likely where the call goes: Transfer first, so Enter never places a second call by habit.
    if (call && onCall && verb !== 'dial') {
      commands.push({
        id: 'transfer',
        label: t('cmd.transfer', { target: argument }),
        runnable: true,
        success: t('call.transferred'),
        run: () => bridge.transfer(argument, { callId: call.id }),
      });
    }
    if (verb !== 'transfer') {
      commands.push({
        id: 'dial',
        label: t('cmd.dial', { number: argument }),
        runnable: true,
        success: t('dial.calling', { number: argument }),
        outOfSight: true,
        run: () => bridge.dial(argument),
      });
    }
    if (supervision?.offered && !verb) {
      for (const mode of ['listen', 'whisper'] as const) {
        commands.push({
          id: mode,
          label: t(mode === 'listen' ? 'cmd.listen' : 'cmd.whisper', { agent: argument }),
          runnable: true,
          outOfSight: true,
          run: () => supervision.start(argument, mode),
        });
      }
    }
  }
  // Colleagues by name or number: on a call, where the call goes ("Transfer to Ana (1002)"); otherwise a call to them.
  const colleagueVerb = verb ?? (onCall ? 'transfer' : 'dial');
  if (argument && (colleagueVerb === 'dial' || (call && onCall))) {
    for (const colleague of findColleagues(colleaguesOf(snapshot), argument).slice(0, COLLEAGUES_AT_MOST)) {
      const extension = colleague.extension;
      const params = { name: colleagueName(colleague), extension };
      commands.push(
        colleagueVerb === 'transfer' && call
          ? {
              id: `transfer:${extension}`,
              label: t('cmd.transferColleague', params),
              keywords: 'transfer transferir',
              runnable: true,
              success: t('call.transferred'),
              run: () => bridge.transfer(extension, { callId: call.id }),
            }
          : {
              id: `dial:${extension}`,
              label: t('cmd.callColleague', params),
              keywords: 'dial call llamar marcar',
              runnable: true,
              success: t('team.calling', { who: params.name }),
              outOfSight: true,
              run: () => bridge.dial(extension),
            },
      );
    }
  }
  // Contacts from the directory (a CSV file, the CRM), with the colleagues' verb. The source already
  // matched them (a CRM may match on more than the name): the typed words are their keywords.
  if (argument && contacts && (colleagueVerb === 'dial' || (call && onCall))) {
    for (const [index, contact] of contacts.entries()) {
      const params = { name: contact.name, number: contact.number };
      commands.push(
        colleagueVerb === 'transfer' && call
          ? {
              id: `transfer:contact:${index}`,
              label: t('contacts.cmd.transfer', params),
              keywords: `transfer transferir ${argument}`,
              runnable: true,
              success: t('call.transferred'),
              run: () => bridge.transfer(contact.number, { callId: call.id }),
            }
          : {
              id: `dial:contact:${index}`,
              label: t('contacts.cmd.dial', params),
              keywords: `dial call llamar marcar ${argument}`,
              runnable: true,
              success: t('dial.calling', { number: contact.number }),
              outOfSight: true,
              run: () => bridge.dial(contact.number),
            },
      );
    }
  }
  if (supervision?.offered && supervision.active) {
    commands.push({
      id: 'supervise-stop',
      label: t('cmd.superviseStop', { agent: supervision.active.agent }),
      keywords: 'stop listen whisper parar escuchar susurrar',
      runnable: true,
      success: t('supervise.stopped'),
      outOfSight: true,
      run: () => supervision.stop(),
    });
  }

  for (const reason of reasons) {
    const label = reason.labels[lang];
    commands.push({
      id: `pause:${reason.code}`,
      label: t('cmd.pauseWith', { reason: label }),
      keywords: `${reason.code} pause pausa`,
      runnable: true,
      success: t('pause.done', { reason: label }),
      run: () => bridge.pause({ reason: reason.code }),
    });
  }
  if (members.some((q) => q.paused)) {
    commands.push({
      id: 'resume',
      label: t('cmd.resume'),
      keywords: 'unpause resume available reanudar disponible',
      runnable: true,
      success: t('pause.resumed'),
      run: () => bridge.unpause({}),
    });
  }

  if (call) {
    commands.push({
      id: 'hangup',
      label: t('cmd.hangup'),
      keywords: 'hangup colgar',
      runnable: true,
      success: t('call.hungUp'),
      run: () => bridge.hangup(call.id),
    });
    if (call.state === 'up' || call.state === 'onhold') {
      if (call.recording === 'off') {
        commands.push({
          id: 'record:start',
          label: t('cmd.recordStart'),
          keywords: 'record grabar',
          runnable: true,
          run: () => bridge.record('start', call.id),
        });
      } else {
        commands.push({
          id: 'record:stop',
          label: t('cmd.recordStop'),
          keywords: 'record grabar',
          runnable: true,
          run: () => bridge.record('stop', call.id),
        });
        const mute = call.recording === 'on';
        commands.push({
          id: mute ? 'record:mute' : 'record:unmute',
          label: t(mute ? 'cmd.recordMute' : 'cmd.recordUnmute'),
          keywords: 'record mute grabar silenciar',
          runnable: true,
          run: () => bridge.record(mute ? 'mute' : 'unmute', call.id),
        });
      }
      if (!looksLikeNumber) {
        commands.push({
          id: 'transfer-prompt',
          label: t('cmd.transferPrompt'),
          keywords: 'transfer transferir',
          runnable: false,
          run: noop,
        });
      }
    }
  }
  if (!looksLikeNumber) {
    commands.push({ id: 'dial-prompt', label: t('cmd.dialPrompt'), keywords: 'dial call llamar marcar', runnable: false, run: noop });
  }

  // The agent pool (Issabel's call center): log in rings the agent's own phone into AgentLogin.
  const agent = snapshot?.agent;
  if (agent && bridge.agentLogin && bridge.agentLogout) {
    const { agentLogin, agentLogout } = bridge;
    commands.push(
      agent.loggedIn
        ? {
            id: 'agent:logout',
            label: t('cmd.agentLogout', { agent: agent.number }),
            keywords: 'agent agente logout salir cerrar sesion',
            runnable: true,
            run: () => agentLogout(),
          }
        : {
            id: 'agent:login',
            label: t('cmd.agentLogin', { agent: agent.number }),
            keywords: 'agent agente login entrar iniciar sesion',
            runnable: true,
            run: () => agentLogin(),
          },
    );
  }

  // The call that just ended, while the call log waits for its disposition: one command per code.
  const ended = afterCallTarget(snapshot, Date.now(), new Set());
  const callLog = snapshot?.callLog;
  if (ended && callLog && bridge.setDisposition) {
    const { setDisposition } = bridge;
    for (const choice of callLog.choices) {
      commands.push({
        id: `disposition:${choice.code}`,
        label: t('calllog.cmd', { disposition: choice.label[lang] ?? choice.label.en }),
        keywords: `disposition tipificacion ${choice.code}`,
        runnable: true,
        success: t('calllog.ui.saved'),
        run: () => setDisposition(ended.id, choice.code),
      });
    }
  }

  for (const queue of queues) {
    commands.push(
      queue.member
        ? {
            id: `logout:${queue.name}`,
            label: t('cmd.queueLogout', { queue: queue.name }),
            keywords: 'queue cola logout salir',
            runnable: true,
            run: () => bridge.queueLogout(queue.name),
          }
        : {
            id: `login:${queue.name}`,
            label: t('cmd.queueLogin', { queue: queue.name }),
            keywords: 'queue cola login entrar',
            runnable: true,
            run: () => bridge.queueLogin(queue.name),
          },
    );
  }

  const { openSettings } = bridge;
  if (openSettings) {
    commands.push({
      id: 'settings',
      label: t('cmd.settings'),
      keywords: 'settings preferences ajustes configuracion',
      runnable: true,
      run: () => openSettings(),
    });
  }
  if (prefs) {
    for (const theme of THEME_PREFS.filter((pref) => pref !== prefs.theme)) {
      commands.push({
        id: `theme:${theme}`,
        label: t('cmd.theme', { theme: t(`theme.${theme}`) }),
        keywords: `theme tema look ${PREF_WORDS[theme]}`,
        runnable: true,
        run: () => prefs.choose({ theme }),
      });
    }
    for (const language of LANGUAGE_PREFS.filter((pref) => pref !== prefs.language)) {
      commands.push({
        id: `language:${language}`,
        label: t('cmd.language', { language: t(`lang.${language}`) }),
        keywords: `language idioma ${PREF_WORDS[language]}`,
        runnable: true,
        run: () => prefs.choose({ language }),
      });
    }
  }

  if (verb) return commands.filter((command) => command.id === verb || command.id.startsWith(`${verb}:`));
  if (!argument || looksLikeNumber) return commands;
  const words = fold(argument).split(/\s+/);
  return commands.filter((command) => {
    const haystack = fold(`${command.label} ${command.keywords ?? ''}`);
    return words.every((word) => haystack.includes(word));
  });
}
