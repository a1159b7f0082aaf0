/**
 * A paced AMI source for the latency cases, in a process of its own: a TCP server on 127.0.0.1
 * (port 0) that sends the banner, then the generated call-center stream at a steady rate (events/s),
 * written every couple of milliseconds as a real PBX's bursts would be. For each ring of agent
 * 1001 (its leg's `Newstate` Ringing and the queue's `AgentCalled`) it notes the moment the bytes
 * were written, on the monotonic clock that every process of the machine shares, and sends those
 * stamps to its parent when the stream ends: `{ type: 'stamps', stamps: [[`LINKEDID|EVENT`, ns]], sent, extra }`.
 *
 * With mode `login` it first plays the PBX side of the app's own client: it answers the Login and
 * the agent engine's sync (QueueStatus, DeviceStateList, CoreShowChannels as empty lists, the
 * ExtensionState of 1001 as idle), and starts the stream once the last list is answered; `extra`
 * counts the list-complete events it sent besides the stream.
 *
 * Run by fork(): argv = rate, seconds, agentShare, seed[, 'login']. First message: `{ type: 'port', port }`.
 */
import { createServer, type Socket } from 'node:net';
import { AmiFramer } from '../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { CallCenter } from './stream.ts';

const [rate, seconds, agentShare, seed] = process.argv.slice(2, 6).map(Number) as [number, number, number, number];
const LOGIN = process.argv[6] === 'login';
const TICK_MS = 2;
const LISTS: Record<string, string> = {
  queuestatus: 'QueueStatusComplete',
  devicestatelist: 'DeviceStateListComplete',
  coreshowchannels: 'CoreShowChannelsComplete',
};
const LAST_LIST = 'coreshowchannels';

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.write('Asterisk Call Manager/11.0.0\r\n');
  if (!LOGIN) return stream(socket, () => 0);
  let extra = 0;
  const framer = new AmiFramer(
    { onMessage: (action) => (extra += answer(socket, action, () => stream(socket, () => extra))) },
    { expectBanner: false },
  );
  socket.on('data', (chunk: Buffer) => framer.push(chunk));
});

/** Answers one action of the client; returns how many events it sent. */
function answer(socket: Socket, action: AmiMessage, listsDone: () => void): number {
  const name = (action.get('Action') ?? '').toLowerCase();
  const id = `ActionID: ${action.get('ActionID') ?? ''}\r\n`;
  const complete = LISTS[name];
  if (complete) {
    socket.write(
      `Response: Success\r\n${id}EventList: start\r\nMessage: Will follow\r\n\r\nEvent: ${complete}\r\n${id}EventList: Complete\r\nListItems: 0\r\n\r\n`,
    );
    if (name === LAST_LIST) listsDone();
    return 1;
  }
  if (name === 'login') socket.write(`Response: Success\r\n${id}Message: Authentication accepted\r\n\r\n`);
  else if (name === 'extensionstate')
    socket.write(
      `Response: Success\r\n${id}Message: Extension Status\r\nExten: 1001\r\nContext: ext-local\r\nHint: PJSIP/1001\r\nStatus: 0\r\nStatusText: Idle\r\n\r\n`,
    );
  else if (name === 'logoff') socket.write(`Response: Goodbye\r\n${id}Message: Thanks for all the fish.\r\n\r\n`);
  else socket.write(`Response: Success\r\n${id}\r\n`);
  return 0;
}

/** Streams the generated events; `extra()` is how many other events went out (sent with the stamps). */
function stream(socket: Socket, extra: () => number): void {
  const center = new CallCenter({ agentShare, seed });
  const stamps: Array<[string, string]> = [];
  const started = process.hrtime.bigint();
  let sent = 0;
  const timer = setInterval(() => {
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate)) - sent;
    const texts: string[] = [];
    const rings: string[] = [];
    for (let i = 0; i < due; i++) {
      const e = center.next()!;
      texts.push(e.text, '\r\n\r\n');
      if (
        e.mine &&
        (e.text.startsWith('Event: AgentCalled\r\n') ||
          (e.text.startsWith('Event: Newstate\r\n') && e.text.includes('\r\nChannelStateDesc: Ringing\r\n')))
      ) {
        rings.push(`${e.linkedid}|${e.text.slice(7, e.text.indexOf('\r\n'))}`);
      }
    }
    sent += due;
    if (texts.length > 0) {
      // The bytes are ready before the clock is read and noted after they are written: this
      // process's own work (and a GC it may set off) is not counted.
      const bytes = Buffer.from(texts.join(''));
      const at = process.hrtime.bigint();
      socket.write(bytes);
      for (const key of rings) stamps.push([key, at.toString()]);
    }
    if (elapsed >= seconds) {
      clearInterval(timer);
      socket.end(() => {
        process.send!({ type: 'stamps', stamps, sent, extra: extra() });
        server.close();
        process.disconnect();
      });
    }
  }, TICK_MS);
  socket.on('error', () => clearInterval(timer));
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ type: 'port', port: typeof address === 'object' && address ? address.port : 0 });
});
