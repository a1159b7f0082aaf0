/**
 * A paced AMI source for the latency cases, in a process of its own: a TCP server on 127.0.0.1
 * (port 0) that sends the banner, then the generated call-center stream at a steady rate (events/s),
 * written every couple of milliseconds as a real PBX's bursts would be. For each ring of agent
 * 1001 (its leg's `Newstate` Ringing and the queue's `AgentCalled`) it notes the moment the bytes
 * were written, on the monotonic clock that every process of the machine shares, and sends those
 * stamps to its parent when the stream ends: `{ type: 'stamps', stamps: [[`LINKEDID|EVENT`, ns]] }`.
 *
 * Run by fork(): argv = rate, seconds, agentShare, seed. First message: `{ type: 'port', port }`.
 */
import { createServer } from 'node:net';
import { CallCenter } from './stream.ts';

const [rate, seconds, agentShare, seed] = process.argv.slice(2).map(Number) as [number, number, number, number];
const TICK_MS = 2;

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.write('Asterisk Call Manager/11.0.0\r\n');
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
      if (e.mine && (e.text.startsWith('Event: AgentCalled\r\n') || (e.text.startsWith('Event: Newstate\r\n') && e.text.includes('\r\nChannelStateDesc: Ringing\r\n')))) {
        rings.push(`${e.linkedid}|${e.text.slice(7, e.text.indexOf('\r\n'))}`);
      }
    }
    sent += due;
    if (texts.length > 0) {
      const at = process.hrtime.bigint().toString();
      for (const key of rings) stamps.push([key, at]);
      socket.write(texts.join(''));
    }
    if (elapsed >= seconds) {
      clearInterval(timer);
      socket.end(() => {
        process.send!({ type: 'stamps', stamps, sent });
        server.close();
        process.disconnect();
      });
    }
  }, TICK_MS);
  socket.on('error', () => clearInterval(timer));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ type: 'port', port: typeof address === 'object' && address ? address.port : 0 });
});
