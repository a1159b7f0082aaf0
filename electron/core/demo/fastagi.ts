/**
 * Asterisk's side of FastAGI, as res_agi speaks it: what `AGI(agi://host:port/script?params,arg1)`
 * does to a channel. It connects, sends `agi_network: yes`, `agi_network_script: ...` and the
 * environment block in Asterisk's order, then answers each command line as Asterisk would
 * (`200 result=1` for SET VARIABLE, the digits for GET DATA, `510` for what it does not know) and
 * parses command arguments as res_agi's parse_args does (quotes, backslash escapes), so the values
 * it records are those a real channel would get. The demo PBX's IVR step runs through it, and so do
 * the AGI tests and the bench.
 */
import { connect } from 'node:net';
import { AgiLineReader } from '../agi/codec.ts';

export interface FastAgiCall {
  host: string;
  port: number;
  /** What follows `agi://host:port/`: `validate?prompt=x`. */
  script: string;
  args?: readonly string[];
  channel?: string;
  uniqueid?: string;
  callerId?: string;
  callerName?: string;
  dnid?: string;
  context?: string;
  extension?: string;
  priority?: number;
  /** The digits a caller types at each GET DATA, in order; '' or none left: a timeout. */
  digits?: readonly string[];
  /**
   * The caller hangs up during this command (1 the first): Asterisk writes `HANGUP` before its
   * answer, then answers every later command with 511.
   */
  hangupDuring?: number;
  /** False: no `HANGUP` line (the channel's AGISIGHUP=no), only the 511 answers. */
  sighup?: boolean;
  /** Bind the client to this local address (127.0.0.2 is another peer on the loopback). */
  localAddress?: string;
  /** Give up (and close) after this long. Default 10 s. */
  timeoutMs?: number;
}

export interface FastAgiResult {
  /** Channel variables the script set, as Asterisk parsed them. */
  variables: Record<string, string>;
  /** Every command line received, in order. */
  commands: string[];
  /** From connect to the server's close. */
  ms: number;
}

/** The environment block res_agi sends to a FastAGI server (launch_netscript, then setup_env). */
export function environmentBlock(call: FastAgiCall): string {
  const args = call.args ?? [];
  const lines = [
    'agi_network: yes',
    ...(call.script ? [`agi_network_script: ${call.script}`] : []),
    `agi_request: agi://${call.host}:${call.port}/${call.script}`,
    `agi_channel: ${call.channel ?? 'PJSIP/9000-00000003'}`,
    'agi_language: en',
    `agi_type: ${(call.channel ?? 'PJSIP/').split('/')[0]}`,
    `agi_uniqueid: ${call.uniqueid ?? '1795661986.5'}`,
    'agi_version: 22.10.1',
    `agi_callerid: ${call.callerId || 'unknown'}`,
    `agi_calleridname: ${call.callerName || 'unknown'}`,
    'agi_callingpres: 0',
    'agi_callingani2: 0',
    'agi_callington: 0',
    'agi_callingtns: 0',
    `agi_dnid: ${call.dnid ?? '600'}`,
    'agi_rdnis: unknown',
    `agi_context: ${call.context ?? 'ivr-support'}`,
    `agi_extension: ${call.extension ?? 's'}`,
    `agi_priority: ${call.priority ?? 4}`,
    'agi_enhanced: 0.0',
    'agi_accountcode: ',
    'agi_threadid: 140245866440384',
    ...args.map((arg, i) => `agi_arg_${i + 1}: ${arg}`),
  ];
  return lines.map((l) => `${l}\n`).join('') + '\n';
}

/** A command line split into words as res_agi's parse_args does it. */
export function parseAgiArgs(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quoted = false;
  let escaped = false;
  for (const c of line) {
    if (c === '"' && !escaped) {
      quoted = !quoted;
      if (quoted && word === null) word = '';
      continue;
    }
    if ((c === ' ' || c === '\t') && !quoted && !escaped) {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    if (c === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    escaped = false;
    word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Runs one AGI() on a pretend channel until the server closes the connection. */
export function runFastAgi(call: FastAgiCall): Promise<FastAgiResult> {
  const started = performance.now();
  const variables: Record<string, string> = {};
  const commands: string[] = [];
  const digits = [...(call.digits ?? [])];
  const reader = new AgiLineReader(64 * 1024);
  let dead = false;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: call.host, port: call.port, ...(call.localAddress ? { localAddress: call.localAddress } : {}) });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the AGI server did not finish within ${call.timeoutMs ?? 10_000} ms`));
    }, call.timeoutMs ?? 10_000);
    socket.once('connect', () => socket.write(environmentBlock(call)));
    socket.on('data', (chunk: Buffer) => {
      for (const line of reader.push(chunk)) {
        commands.push(line);
        if (dead) {
          socket.write('511 Command Not Permitted on a dead channel or intercepted by another command\n');
          continue;
        }
        if (commands.length === call.hangupDuring) {
          dead = true;
          if (call.sighup !== false) socket.write('HANGUP\n');
        }
        socket.write(answer(line));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('end', () => socket.end());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ variables, commands, ms: performance.now() - started });
    });
  });

  function answer(line: string): string {
    const words = parseAgiArgs(line);
    const verb = words
      .slice(0, 2)
      .map((w) => w.toUpperCase())
      .join(' ');
    if (verb === 'SET VARIABLE' && words.length === 4) {
      variables[words[2]!] = words[3]!;
      return '200 result=1\n';
    }
    if (verb === 'GET DATA' && words.length >= 3) {
      const typed = digits.shift() ?? '';
      return typed === '' ? '200 result= (timeout)\n' : `200 result=${typed}\n`;
    }
    if (words[0]?.toUpperCase() === 'VERBOSE') return '200 result=1\n';
    if (verb === 'SET VARIABLE' || verb === 'GET DATA')
      return '520-Invalid command syntax.  Proper usage follows:\nUsage: ...\n520 End of proper usage.\n';
    return '510 Invalid or unknown command\n';
  }
}
