/**
 * Recording the current call with MixMonitor (app_monitor, and with it PauseMonitor, is gone
 * since Asterisk 21): start, mute/unmute both directions while a customer reads out a card
 * number, stop. The headers are those a real Asterisk 22 accepted (fixture 09). The state the
 * agent sees comes back from the PBX's MixMonitorStart/Mute/Stop events, not from these actions.
 *
 * MixMonitor's `Command` header (a shell command the PBX runs when the recording ends) is never
 * set: a file-name template must not be able to reach a shell.
 */
import { AmiAction } from '../ami/action.ts';
import { ActionInputError, channel } from './validate.ts';
import { MIXMONITOR_OPTIONS, RECORDING_FILE, RECORDING_PLACEHOLDERS } from '../../shared/fields.ts';

export interface MixMonitorRequest {
  /** The agent's leg (or the bridged channel the admin chose). */
  channel: string;
  /** A file name from recordingFile(); relative names land in Asterisk's monitor directory. */
  file: string;
  /** MixMonitor options set by the admin, e.g. `b` (only while bridged); empty by default. */
  options?: string;
}

const FILE = RECORDING_FILE;
const OPTIONS = MIXMONITOR_OPTIONS;

export function mixMonitor(request: MixMonitorRequest): AmiAction {
  return AmiAction.build('MixMonitor', {
    Channel: channel(request.channel),
    File: recordingPath(request.file),
    Options: request.options ? mixMonitorOptions(request.options) : undefined,
  });
}

/** State 1 mutes, 0 unmutes; both directions, so neither side's voice is kept. */
export function mixMonitorMute(request: { channel: string; mute: boolean }): AmiAction {
  return AmiAction.build('MixMonitorMute', { Channel: channel(request.channel), Direction: 'both', State: request.mute ? 1 : 0 });
}

export function stopMixMonitor(request: { channel: string }): AmiAction {
  return AmiAction.build('StopMixMonitor', { Channel: channel(request.channel) });
}

/**
 * A recording's file name from the admin's template, e.g.
 * `companion/{date}/{extension}-{time}-{uniqueid}.wav`. Placeholders: {extension}, {number},
 * {queue}, {uniqueid}, {callid}, {date} (YYYYMMDD), {time} (HHMMSS). A value keeps only letters,
 * digits, `-`, `_`, `.` and `+` (anything else becomes `_`), so no value can add a directory or
 * climb out of the monitor directory.
 */
export function recordingFile(template: string, values: Readonly<Record<string, string | undefined>>, at: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const all: Record<string, string | undefined> = {
    date: `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
    time: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`,
    ...values,
  };
  const file = template.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    if (!(RECORDING_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw ActionInputError.refuse('File', 'input.unknown-placeholder', { placeholder: `{${name}}` });
    }
    const value = (all[name] ?? '').slice(0, 64).replace(/[^A-Za-z0-9_.+-]/g, '_');
    return value.replace(/^\.+/, '_') || 'none';
  });
  return recordingPath(file);
}

function recordingPath(file: string): string {
  if (
    typeof file !== 'string' ||
    file.length > 255 ||
    !FILE.test(file) ||
    file.split('/').some((part) => part === '..' || part.startsWith('.'))
  ) {
    throw ActionInputError.refuse('File', 'input.bad-recording-file', { file: JSON.stringify(String(file).slice(0, 60)) });
  }
  return file;
}

function mixMonitorOptions(options: string): string {
  if (!OPTIONS.test(options) || options.length > 32) {
    throw ActionInputError.refuse('Options', 'input.bad-mixmonitor-options', { options: JSON.stringify(options.slice(0, 40)) });
  }
  return options;
}
