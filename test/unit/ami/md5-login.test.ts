/**
 * The MD5 challenge login against Asterisk's own bytes, over real TCP: the banner and the login's
 * answer (`Authentication accepted`, FullyBooted, SuccessfulAuth) are the ones fixture 01 recorded;
 * the Challenge is answered in manager.c's layout (action_challenge: astman_start_ack, then
 * `Challenge: %ld`), and the Key is checked as manager.c checks it (strcmp against the lower-case hex
 * md5 of challenge + secret). The server writes in 7-byte pieces, as reads split anywhere.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { AmiLoginError } from '../../../electron/core/ami/errors.ts';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { startDemoPbx } from '../../../electron/core/demo/index.ts';
import { readRaw } from '../../support/fixtures.ts';

const FIXTURE = readRaw('asterisk-22/01-initial-sync-idle.ami.raw').toString('latin1');
const BANNER = FIXTURE.slice(0, FIXTURE.indexOf('\r\n') + 2);
// The login's answer and the two events after it, as Asterisk 22 sent them (ActionID conn-1).
const LOGIN_ANSWER = FIXTURE.slice(BANNER.length, FIXTURE.indexOf('Response: Success', BANNER.length + 1));
// glibc's first random(): what ast_random() gives a fresh Asterisk, a 10-digit decimal.
const CHALLENGE = '1804289383';
const SECRET = 's3cret';

interface AsteriskLike {
  port: number;
  received: string[];
  actions: AmiMessage[];
  close(): Promise<void>;
}

/** A TCP server that answers Challenge and Login byte for byte as Asterisk 22 does; `challenge: false` answers like a PBX without it. */
async function asteriskLike(options: { challenge?: boolean } = {}): Promise<AsteriskLike> {
  const received: string[] = [];
  const actions: AmiMessage[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const write = (text: string) => {
      for (let i = 0; i < text.length; i += 7) socket.write(Buffer.from(text.slice(i, i + 7), 'latin1'));
    };
    const framer = new AmiFramer(
      {
        onMessage: (message) => {
          actions.push(message);
          const id = message.get('ActionID') ?? '';
          const action = (message.get('Action') ?? '').toLowerCase();
          if (action === 'challenge') {
            if (options.challenge === false)
              return write(
                `Response: Error\r\nActionID: ${id}\r\nMessage: Invalid/unknown command: Challenge. Use Action: ListCommands to show available commands.\r\n\r\n`,
              );
            return write(`Response: Success\r\nActionID: ${id}\r\nChallenge: ${CHALLENGE}\r\n\r\n`);
          }
          if (action === 'login') {
            const md5 = (message.get('AuthType') ?? '').toLowerCase() === 'md5';
            const expected = createHash('md5')
              .update(CHALLENGE + SECRET)
              .digest('hex');
            const ok = md5 ? message.get('Key') === expected : message.get('Secret') === SECRET;
            if (ok) return write(LOGIN_ANSWER.replace('ActionID: conn-1', `ActionID: ${id}`));
            write(`Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`);
            return void socket.end();
          }
          if (action === 'logoff') {
            write(`Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
            socket.end();
          }
        },
      },
      { expectBanner: false },
    );
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk.toString('latin1'));
      framer.push(chunk);
    });
    write(BANNER);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    actions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('MD5 challenge login, in the bytes Asterisk 22 speaks', () => {
  it('logs in with Challenge then Key = md5(challenge + secret), and the secret never crosses the wire', async () => {
    const pbx = await asteriskLike();
    const client = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agentapp',
      secret: SECRET,
      authType: 'md5',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    close = async () => {
      await client.close();
      await pbx.close();
    };
    const logins: string[] = [];
    client.onLogin((response) => logins.push(response.get('Message') ?? ''));
    await client.connect();
    expect(logins).toEqual(['Authentication accepted']);
    expect(client.status).toBe('connected');
    expect(pbx.actions.slice(0, 2).map((a) => [a.get('Action'), a.get('AuthType')])).toEqual([
      ['Challenge', 'MD5'],
      ['Login', 'MD5'],
    ]);
    const login = pbx.actions[1]!;
    expect(login.get('Key')).toBe(
      createHash('md5')
        .update(CHALLENGE + SECRET)
        .digest('hex'),
    );
    expect(login.get('Key')).toMatch(/^[0-9a-f]{32}$/);
    expect(login.get('Secret')).toBeUndefined();
    expect(pbx.received.join('')).not.toContain(SECRET);
  });

  it('a PBX that does not answer the Challenge is a final refusal in words, not a retry loop', async () => {
    const pbx = await asteriskLike({ challenge: false });
    const client = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agentapp',
      secret: SECRET,
      authType: 'md5',
      keepaliveIntervalMs: 0,
    });
    close = async () => {
      await client.close();
      await pbx.close();
    };
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AmiLoginError);
    expect((error as AmiLoginError).kind).toBe('auth-failed');
    expect((error as AmiLoginError).message).toBe(
      'the PBX does not offer the MD5 login (Invalid/unknown command: Challenge. Use Action: ListCommands to show available commands.): set the login method to plain, preferably over TLS',
    );
    expect(client.status).toBe('disconnected');
    expect(client.diagnostics.timers).toBe(0);
    expect(pbx.received.join('')).not.toContain(SECRET);
  });
});

describe('the demo PBX checks the MD5 key as manager.c does', () => {
  it('accepts the lower-case hex key and refuses the same key in upper case (strcmp)', async () => {
    const pbx = await startDemoPbx({ authFailDelayMs: 10 });
    close = () => pbx.close();
    const good = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agent',
      secret: 'demo',
      authType: 'md5',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    await good.connect();
    await good.close();

    const upper = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(pbx.port, '127.0.0.1');
      let text = '';
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const challenge = /Challenge: (\d+)\r\n/.exec(text)?.[1];
        if (challenge && !text.includes('Action: Login')) {
          text += 'Action: Login';
          const key = createHash('md5')
            .update(challenge + 'demo')
            .digest('hex')
            .toUpperCase();
          socket.write(`Action: Login\r\nActionID: 2\r\nAuthType: MD5\r\nUsername: agent\r\nKey: ${key}\r\n\r\n`);
        }
        // The Login's answer, whichever it is.
        const answer = /Response: \w+\r\nActionID: 2\r\nMessage: [^\r]*\r\n/.exec(text);
        if (answer) {
          socket.destroy();
          resolve(answer[0]);
        }
      });
      socket.write('Action: Challenge\r\nActionID: 1\r\nAuthType: MD5\r\n\r\n');
    });
    expect(upper).toBe('Response: Error\r\nActionID: 2\r\nMessage: Authentication failed\r\n');
  });
});
