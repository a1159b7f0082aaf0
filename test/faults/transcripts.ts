/**
 * The L7 restart transcripts (../shared/fixtures/asterisk-22-live/L7-restart-races.conn*), played
 * back by the scripted AMI server so the client meets the real bytes of a restart: a Login answered
 * `Asterisk is shutting down`, `Invalid/unknown command` for QueueStatus before app_queue loads,
 * the empty-hint ExtensionStatus events and FullyBooted.
 *
 * A connection is cut into the PBX's answers by the name of the action they answer (the
 * transcript's ActionIDs are rewritten to the client's) and the events nobody asked for, in order.
 */
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { readRaw, readTimed } from '../support/fixtures.ts';
import type { ScriptedConnection } from '../support/scripted-ami-server.ts';

export interface RecordedConnection {
  name: string;
  /** Action name (lower case) -> the response and its list items, as the PBX wrote them. */
  answers: Map<string, string[]>;
  /** Events without an ActionID, in the order they came. */
  unsolicited: string[];
}

/** `conn3` -> the recorded connection of L7-restart-races.conn3. */
export function recorded(conn: string): RecordedConnection {
  const base = `asterisk-22-live/L7-restart-races.${conn}`;
  // Which action each of the recorder's ActionIDs was (from the bytes it sent).
  const actionOf = new Map<string, string>();
  for (const record of readTimed(`${base}.ami.timed.log`)) {
    if (record.kind !== 'TX') continue;
    const text = record.bytes.toString('utf8');
    const action = /^Action: (.+)$/m.exec(text)?.[1]?.trim();
    const id = /^ActionID: (.+)$/m.exec(text)?.[1]?.trim();
    if (action && id) actionOf.set(id, action.toLowerCase());
  }
  const raw = readRaw(`${base}.ami.raw`).toString('utf8');
  const body = raw.slice(raw.indexOf('\r\n') + 2);
  const answers = new Map<string, string[]>();
  const unsolicited: string[] = [];
  for (const block of body.split('\r\n\r\n')) {
    if (!block) continue;
    const id = /^ActionID: (.+)$/m.exec(block)?.[1]?.trim();
    const action = id === undefined ? undefined : actionOf.get(id);
    if (action === undefined) {
      unsolicited.push(`${block}\r\n\r\n`);
      continue;
    }
    const list = answers.get(action) ?? [];
    list.push(`${block}\r\n\r\n`);
    answers.set(action, list);
  }
  return { name: conn, answers, unsolicited };
}

/**
 * Answers `action` on `conn` with what the recorded PBX answered to the action of the same name,
 * under the client's ActionID. ExtensionState (the engine's) is answered from the recorded
 * ExtensionStateList: the extension's item as a response, or Status 4 with an empty Hint when the
 * list was empty (a PBX still booting). Returns false when the recording has no answer.
 */
export function answerFrom(recording: RecordedConnection, action: AmiMessage, conn: ScriptedConnection): boolean {
  const name = (action.get('Action') ?? '').toLowerCase();
  const id = action.get('ActionID') ?? '';
  if (name === 'extensionstate') {
    const exten = action.get('Exten') ?? '';
    const item = recording.answers.get('extensionstatelist')?.find((b) => new RegExp(`^Exten: ${exten}\\r?$`, 'm').test(b));
    const fields = item
      ? fieldsOf(item).filter(([k]) => !['Event', 'ActionID', 'Privilege'].includes(k))
      : [
          ['Exten', exten],
          ['Context', action.get('Context') ?? ''],
          ['Hint', ''],
          ['Status', '4'],
          ['StatusText', 'Unavailable'],
        ];
    conn.reply(action, 'Success', [['Message', 'Extension Status'], ...fields] as Array<[string, string]>);
    return true;
  }
  const blocks = recording.answers.get(name);
  if (!blocks) return false;
  conn.raw(blocks.map((b) => b.replace(/^ActionID: .*$/m, `ActionID: ${id}`)).join(''));
  return true;
}

function fieldsOf(block: string): Array<[string, string]> {
  return block
    .split('\r\n')
    .filter((line) => line.includes(': '))
    .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)] as [string, string]);
}
