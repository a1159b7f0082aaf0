/**
 * The baseline: asterisk-manager's own reader (ManagerReader in its lib/ami.js), unchanged, fed the
 * same chunks as ours. It reads from the socket that `net.createConnection` returns, so for the
 * length of its `connect()` that function hands it a socket stand-in; the stand-in decodes the
 * bytes as a real socket does after `setEncoding('utf-8')` (a StringDecoder) and emits 'data'.
 * Its events arrive as it delivers them to applications: `managerevent`, on process.nextTick.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type { Consumer } from '../harness.ts';

const require = createRequire(import.meta.url);
// The same module object as the `require('net')` inside asterisk-manager.
const net = require('net') as { createConnection: (...args: unknown[]) => unknown };

interface Manager {
  connect(port: number, host: string): void;
  on(event: 'managerevent', listener: (event: Record<string, unknown>) => void): void;
}
const createManager = require('asterisk-manager') as () => Manager;

class SocketStandIn extends EventEmitter {
  readyState = 'open';
  private decoder: StringDecoder | undefined;
  setKeepAlive(): void {}
  setNoDelay(): void {}
  setEncoding(encoding: BufferEncoding): void {
    this.decoder = new StringDecoder(encoding);
  }
  receive(chunk: Buffer): void {
    this.emit('data', this.decoder ? this.decoder.write(chunk) : chunk);
  }
}

/** asterisk-manager's parser; `onEvent` sees each event object it emits. */
export function asteriskManagerConsumer(onEvent: (event: Record<string, unknown>) => void): Consumer {
  const socket = new SocketStandIn();
  const original = net.createConnection;
  net.createConnection = () => socket;
  let manager: Manager;
  try {
    manager = createManager();
    manager.connect(5038, '127.0.0.1');
  } finally {
    net.createConnection = original;
  }
  let delivered = 0;
  manager.on('managerevent', (event) => {
    delivered++;
    onEvent(event);
  });
  return {
    push: (chunk) => socket.receive(chunk),
    get delivered() {
      return delivered;
    },
  };
}
