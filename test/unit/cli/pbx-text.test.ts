/**
 * Issue 15: the PBX's words reach a person (the CLI's lines, a phrase in either language) without
 * control characters: a `Response: Error` whose Message carries escape codes and BEL once cleared
 * the agent's terminal and rang its bell. The raw text stays on the error (pbxMessage).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmiResponseError } from '../../../electron/core/ami/errors.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { explainFailurePhrase } from '../../../electron/core/actions/errors.ts';
import { run } from '../../../electron/core/cli/doctor.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { testConnection } from '../../../electron/core/doctor/checks.ts';
import { printable } from '../../../electron/shared/control-characters.ts';
import { english } from '../../../electron/shared/phrases/index.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { ScriptedAmiServer } from '../../support/scripted-ami-server.ts';

/** Clear the screen, retitle the terminal, ring the bell, a C1 CSI, a line separator and a lone LF (a CRLF would end the header on the wire). */
const HOSTILE = '\u001b[2J\u001b]0;owned\u0007Permission\u0007denied\u009b31m\u2028\nFake: line';
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same but LF: the doctor prints its manager.conf stanza as one multi-line write (the PBX's LF is checked by the visible words). */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

let server: ScriptedAmiServer;
beforeEach(async () => {
  server = await ScriptedAmiServer.start();
});
afterEach(() => server.close());

const args = () => ['--host', '127.0.0.1', '--port', String(server.port), '--user', 'agentapp'];

describe('the PBX text a person reads', () => {
  it('a login refused with escape codes and BEL: the doctor prints the words, and no control character', async () => {
    server.on('Login', (action, conn) => conn.reply(action, 'Error', { Message: `Authentication failed${HOSTILE}` }));
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    await run(args(), io);
    const printed = [...io.lines, ...io.errors];
    expect(printed.join('\n')).toMatch(/Authentication failed \[2J \]0;owned Permission denied 31m Fake: line/);
    for (const line of printed) expect(line).not.toMatch(CONTROL_BUT_LF);
  });

  it("a check refused with escape codes: the doctor's line and the settings window's detail carry none", async () => {
    server.on('CoreSettings', (action, conn) => conn.reply(action, 'Error', { Message: HOSTILE }));
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    await run(args(), io);
    const line = io.lines.find((l) => /CoreSettings/.test(l))!;
    expect(line).toMatch(/^FAIL +CoreSettings +\[2J \]0;owned Permission denied 31m Fake: line: Asterisk version will not work/);
    expect(line).not.toMatch(ANY_CONTROL);
    for (const printed of [...io.lines, ...io.errors]) expect(printed).not.toMatch(CONTROL_BUT_LF);
    const report = await testConnection(
      { host: '127.0.0.1', port: server.port, tls: false, username: 'agentapp', extension: '1001' },
      's3cret',
    );
    expect(report.checks.find((c) => c.id === 'CoreSettings')!.detail).toBe('[2J ]0;owned Permission denied 31m Fake: line');
  });

  it('an AmiResponseError says the Message without control characters in English and Spanish, and keeps it raw in pbxMessage', () => {
    const response = AmiMessage.from([
      ['Response', 'Error'],
      ['ActionID', 'a-1'],
      ['Message', HOSTILE],
    ]);
    const error = new AmiResponseError('QueuePause', response);
    expect(error.pbxMessage).toBe(HOSTILE);
    for (const words of [
      error.message,
      sayIn(error.phrase, 'es'),
      english(explainFailurePhrase('QueuePause', error)),
      sayIn(explainFailurePhrase('QueuePause', error), 'es'),
    ]) {
      expect(words).not.toMatch(ANY_CONTROL);
      expect(words).toContain('Permission denied');
    }
  });

  it('printable() turns each run of control characters into one space, drops those at the ends, and leaves other text alone', () => {
    expect(printable('a\u001b[2Jb\u0007\u0007c\r\nd\u0085e\u2029f')).toBe('a [2Jb c d e f');
    expect(printable('\u001b[2Jat the ends\u0007')).toBe('[2Jat the ends');
    expect(printable('Ünïcödé ☕ 1001 <tab>')).toBe('Ünïcödé ☕ 1001 <tab>');
  });
});
