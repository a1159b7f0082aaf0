/**
 * The connection's errors carry their sentence as a phrase: the code and parameters a shell words
 * in the agent's language, with the OS's and the PBX's own words passed through as they are. Each
 * case checks the phrase, that its English is the error's message, and the Spanish it gives.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiAction, AmiFieldError } from '../../../electron/core/ami/action.ts';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { AmiConnectionError, AmiLoginError } from '../../../electron/core/ami/errors.ts';
import { login } from '../../../electron/core/ami/login.ts';
import { connectError } from '../../../electron/core/ami/transport.ts';
import { AriClient } from '../../../electron/core/ari/client.ts';
import { AriError, networkError, statusError } from '../../../electron/core/ari/errors.ts';
import { english, formatPhrase, phrase, phraseOfError, verbatim, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';
import { ScriptedAmiServer } from '../../support/scripted-ami-server.ts';

const spanish = (said: Phrase) => formatPhrase(said, spanishPhrases);

/** The error's phrase, checked to say exactly its message in English. */
function phraseOf(error: unknown): Phrase {
  expect(error).toBeInstanceOf(Error);
  const said = phraseOfError(error);
  expect(said.code).not.toBe('text');
  expect(english(said)).toBe((error as Error).message);
  return said;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('it should have failed'),
    (error: unknown) => error,
  );
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function errno(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('AMI connection errors as phrases', () => {
  const target = { host: 'pbx.example', port: 5038, tls: null };
  const where = 'pbx.example:5038';

  it.each([
    [
      errno('ECONNREFUSED', 'connect ECONNREFUSED'),
      'connection-refused',
      phrase('ami.refused', { where }),
      'la centralita en pbx.example:5038 rechazó la conexión',
    ],
    [
      errno('ENOTFOUND', 'getaddrinfo ENOTFOUND'),
      'host-not-found',
      phrase('ami.host-not-found', { host: 'pbx.example' }),
      'no se encontró el servidor de la centralita "pbx.example"',
    ],
    [errno('ETIMEDOUT', 'connect ETIMEDOUT'), 'timeout', phrase('ami.timed-out', { where }), 'no respondió (tiempo agotado)'],
    [
      errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'tls-untrusted',
      phrase('ami.tls-untrusted', { where, detail: 'self-signed certificate' }),
      'no es de confianza (self-signed certificate)',
    ],
    [
      errno('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      'tls-failed',
      phrase('ami.tls-failed', { where, detail: 'wrong version number' }),
      'falló la negociación TLS',
    ],
    // The OS's words stay as they are, inside our sentence.
    [
      errno('ECONNRESET', 'read ECONNRESET'),
      'network',
      phrase('ami.network', { where, detail: verbatim('read ECONNRESET') }),
      'falló la conexión con pbx.example:5038: read ECONNRESET',
    ],
  ])('a socket error (%s) is %s, in words', (cause, kind, said, inSpanish) => {
    const error = connectError(cause, target);
    expect(error.kind).toBe(kind);
    expect(phraseOf(error)).toEqual(said);
    expect(spanish(said)).toContain(inSpanish);
  });

  it('a refused login names the user and passes the PBX reason through', async () => {
    const server = await ScriptedAmiServer.start();
    cleanups.push(() => server.close());
    const client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 'wrong',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    cleanups.push(() => client.close());
    const error = await rejection(client.connect());
    expect(error).toBeInstanceOf(AmiLoginError);
    const said = phraseOf(error);
    expect(said).toEqual(phrase('ami.login-refused', { user: 'agentapp', reason: 'Authentication failed' }));
    expect(spanish(said)).toBe(
      'la centralita rechazó el inicio de sesión del usuario AMI "agentapp" (Authentication failed): revisa el nombre de usuario y la clave, y que manager.conf permita la dirección de este equipo',
    );
  });

  it('a server that is not AMI, and a port nobody listens on', async () => {
    const other = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => other.close(() => r())));
    const port = (other.address() as net.AddressInfo).port;
    const notAmi = new AmiClient({ host: '127.0.0.1', port, username: 'agentapp', secret: 'x', keepaliveIntervalMs: 0, reconnect: false });
    cleanups.push(() => notAmi.close());
    const said = phraseOf(await rejection(notAmi.connect()));
    expect(said).toEqual(phrase('ami.not-ami', { where: `127.0.0.1:${port}` }));
    expect(spanish(said)).toBe(
      `el servidor en 127.0.0.1:${port} no saludó como Asterisk AMI (falta el saludo "Asterisk Call Manager"): ¿es este el puerto de AMI?`,
    );

    await new Promise((r) => other.close(r));
    const refused = new AmiClient({ host: '127.0.0.1', port, username: 'agentapp', secret: 'x', keepaliveIntervalMs: 0, reconnect: false });
    cleanups.push(() => refused.close());
    expect(phraseOf(await rejection(refused.connect()))).toEqual(phrase('ami.refused', { where: `127.0.0.1:${port}` }));
  });

  it('a user name with a line break is refused before it is sent, the reason worded inside the sentence', async () => {
    const error = await rejection(
      login(() => expect.unreachable('nothing is sent'), {
        username: 'agent\r\nAction: Originate',
        secret: 's',
        authType: 'plain',
        events: 'on',
      }),
    );
    const said = phraseOf(error);
    expect(said).toEqual(phrase('ami.username-unsendable', { reason: phrase('ami.field-line-break') }));
    expect(spanish(said)).toBe(
      'no se puede enviar el nombre de usuario AMI: contiene un salto de línea (CR/LF), que inyectaría cabeceras AMI',
    );
  });

  it.each([
    [
      () => AmiAction.build('Originate', { Exten: '1\n2' }),
      phrase('ami.field', { field: 'Exten', reason: phrase('ami.field-line-break') }),
      'el campo AMI "Exten" contiene un salto de línea',
    ],
    [
      () => AmiAction.build('Originate', { Exten: '1\u00072' }),
      phrase('ami.field', { field: 'Exten', reason: phrase('ami.field-control', { hex: '07' }) }),
      'contiene un carácter de control (0x07)',
    ],
    [
      () => AmiAction.build('Originate', { ActionID: 'x' }),
      phrase('ami.field', { field: 'ActionID', reason: phrase('ami.field-reserved') }),
      'lo pone el propio cliente',
    ],
    [
      () => AmiAction.build('Queue Add'),
      phrase('ami.field', { field: 'Action', reason: phrase('ami.field-not-action', { name: '"Queue Add"' }) }),
      'no es un nombre de acción: "Queue Add"',
    ],
  ])('a refused field names itself and why (%#)', (build, said, inSpanish) => {
    const error = (() => {
      try {
        build();
      } catch (e) {
        return e;
      }
      return expect.unreachable('it should have thrown');
    })();
    expect(error).toBeInstanceOf(AmiFieldError);
    expect(phraseOf(error)).toEqual(said);
    expect(spanish(said)).toContain(inSpanish);
  });

  it('an action while not connected says the client status in the same language', async () => {
    const client = new AmiClient({ host: '127.0.0.1', port: 1, username: 'agentapp', secret: 'x' });
    const error = await rejection(client.action(AmiAction.build('Ping')));
    expect(error).toBeInstanceOf(AmiConnectionError);
    const said = phraseOf(error);
    expect(said).toEqual(phrase('ami.not-sent', { action: 'Ping', status: phrase('ami.status-disconnected') }));
    expect(spanish(said)).toBe('Ping no se envió: no hay conexión con la centralita (desconectado)');
  });

  it("the PBX's shutdown, and the actions the drop leaves unanswered, say why in words", async () => {
    const server = await ScriptedAmiServer.start();
    cleanups.push(() => server.close());
    server.on('QueueStatus', () => {}); // never answered: still pending when the PBX goes away
    const client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 's3cret',
      keepaliveIntervalMs: 0,
      backoff: () => 60_000,
    });
    cleanups.push(() => client.close());
    await client.connect();
    const dropped = rejection(client.listAction(AmiAction.build('QueueStatus')));
    while (server.received('QueueStatus').length === 0) await new Promise((r) => setTimeout(r, 5));
    const reconnecting = new Promise<Error | null>((resolve) =>
      client.onStatus((status, error) => status === 'reconnecting' && resolve(error)),
    );
    (await server.loggedIn()).event('Shutdown', { Shutdown: 'Cleanly', Restart: 'True' });

    const shutdown = phrase('ami.shutting-down-how-restarting', { how: 'Cleanly' });
    expect(phraseOf(await reconnecting)).toEqual(shutdown);
    expect(spanish(shutdown)).toBe('la centralita se está apagando (Cleanly, para reiniciarse)');
    const said = phraseOf(await dropped);
    expect(said).toEqual(phrase('ami.lost-pending', { action: 'QueueStatus', why: shutdown }));
    expect(spanish(said)).toBe(
      'QueueStatus no obtuvo respuesta: se perdió la conexión con la centralita (la centralita se está apagando (Cleanly, para reiniciarse)); no se volvió a enviar',
    );
  });
});

describe('ARI connection errors as phrases', () => {
  it.each([
    [
      statusError(401, undefined, phrase('ari.events-socket')),
      phrase('ari.auth', { what: phrase('ari.events-socket') }),
      'usuario o contraseña de ARI incorrectos (ari.conf) para el WebSocket de eventos',
    ],
    [
      statusError(403, 'write access denied', 'POST /channels'),
      phrase('ari.read-only', { what: 'POST /channels' }),
      'el usuario de ARI es de solo lectura (ari.conf read_only = yes): POST /channels necesita permiso de escritura',
    ],
    [
      statusError(404, undefined, 'GET /asterisk/info'),
      phrase('ari.not-found', { what: 'GET /asterisk/info' }),
      'GET /asterisk/info: no encontrado (¿es correcto el prefijo de la URL, está cargado el módulo?)',
    ],
    [
      statusError(409, undefined, 'POST /channels/1/record'),
      phrase('ari.conflict', { what: 'POST /channels/1/record', message: phrase('ari.conflict-state') }),
      'conflicto: Asterisk no puede hacer eso en el estado actual (POST /channels/1/record)',
    ],
    [
      statusError(500, 'Internal Server Error', 'GET /channels'),
      phrase('ari.http-status-said', { what: 'GET /channels', message: 'Internal Server Error', status: 500 }),
      'Asterisk respondió 500 a GET /channels: Internal Server Error',
    ],
    [
      networkError(errno('ECONNREFUSED', 'connect ECONNREFUSED'), 'pbx:8088'),
      phrase('ari.refused', { where: 'pbx:8088' }),
      'Asterisk en pbx:8088 rechazó la conexión: ¿está activo su servidor HTTP (http.conf enabled = yes, bindport) y ARI activado (ari.conf enabled = yes)?',
    ],
    [
      networkError(errno('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'pbx:8088'),
      phrase('ari.network', { where: 'pbx:8088', detail: verbatim('connect EHOSTUNREACH') }),
      'falló la conexión con pbx:8088: connect EHOSTUNREACH',
    ],
  ])('%s', (error, said, inSpanish) => {
    expect(error).toBeInstanceOf(AriError);
    expect(phraseOf(error)).toEqual(said);
    expect(spanish(said)).toBe(inSpanish);
  });

  it('a bad URL or application name from the settings is refused in words, the field named in the same language', async () => {
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return expect.unreachable('it should have thrown');
    };
    const url = phraseOf(thrown(() => new AriClient({ url: 'ftp://pbx', username: 'u', secret: 's' })));
    expect(url).toEqual(phrase('ari.url-scheme', { scheme: 'ftp:' }));
    expect(spanish(url)).toBe('la URL de ARI debe empezar por http:// o https://, no por ftp:');

    const client = new AriClient({ url: 'http://127.0.0.1:1', username: 'u', secret: 's' });
    const app = phraseOf(await rejection(client.applications.get('a/b')));
    expect(app).toEqual(phrase('ari.field-separator', { field: phrase('ari.field-name-application'), value: 'a/b' }));
    expect(spanish(app)).toBe('el nombre de la aplicación "a/b" contiene un separador de ruta ("/")');
  });

  it('an error of words not ours stays verbatim', () => {
    const error = new AriError('bad-response', 'something odd');
    expect(error.phrase).toEqual(verbatim('something odd'));
    expect(spanish(error.phrase)).toBe('something odd');
  });
});
