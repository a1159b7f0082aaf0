/**
 * The agent verbs in the agent's language: every answer carries a phrase whose English is the
 * sentence in `error`/`message`, and the Spanish catalog words it (the PBX's own words kept as
 * they are). The verbs run for real: the builders, the AMI companion against the demo PBX, the
 * ARI companion and the supervisor desk against the test ARI server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiAction, AmiFieldError } from '../../../electron/core/ami/action.ts';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { AmiConnectionError, AmiTimeoutError } from '../../../electron/core/ami/errors.ts';
import {
  explainAmiError,
  explainAmiErrorPhrase,
  explainFailure,
  explainFailurePhrase,
  explainOriginateFailurePhrase,
} from '../../../electron/core/actions/errors.ts';
import { originate } from '../../../electron/core/actions/originate.ts';
import { setPaused } from '../../../electron/core/actions/pause.ts';
import { queueAdd, queueLog, queuePause } from '../../../electron/core/actions/queue.ts';
import { recordingFile } from '../../../electron/core/actions/recording.ts';
import { ActionRunner } from '../../../electron/core/actions/runner.ts';
import { ActionInputError } from '../../../electron/core/actions/validate.ts';
import { createAriCompanion, type AriCompanion } from '../../../electron/core/ari/companion.ts';
import { createSupervisorDesk } from '../../../electron/core/ari/supervisor-desk.ts';
import { createCompanion, type CoreCompanion } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { VerbResult } from '../../../electron/shared/companion.ts';
import { actionPhrases } from '../../../electron/shared/phrases/actions.ts';
import { commonPhrases } from '../../../electron/shared/phrases/common.ts';
import { connectionPhrases } from '../../../electron/shared/phrases/connection.ts';
import { desktopPhrases } from '../../../electron/shared/phrases/desktop.ts';
import { dialingPhrases } from '../../../electron/shared/phrases/dialing.ts';
import { english, formatPhrase, placeholdersOf, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { settingsPhrases } from '../../../electron/shared/phrases/settings.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { actionsEs } from '../../../electron/shared/phrases/es/actions.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';
import { AriTestServer } from '../../support/ari-server.ts';

const inSpanish = (said: Phrase) => formatPhrase(said, spanishPhrases);

/** The result carries a phrase: its English is the sentence shown today, its Spanish the one given. */
function expectSaid(result: VerbResult, code: string, spanish: string) {
  expect(result.phrase, JSON.stringify(result)).toBeDefined();
  expect(english(result.phrase!)).toBe(result.ok ? result.message : result.error);
  expect(result.phrase!.code).toBe(code);
  expect(inSpanish(result.phrase!)).toBe(spanish);
}

function refusalOf(build: () => unknown): ActionInputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionInputError);
    return error as ActionInputError;
  }
  throw new Error('expected a refusal');
}

describe('the catalog of the verbs', () => {
  const codes = Object.keys(actionPhrases) as (keyof typeof actionPhrases)[];

  it('has Spanish for every code, with the same placeholders, and no English left in place', () => {
    expect(codes.filter((code) => placeholdersOf(actionPhrases[code]).join() !== placeholdersOf(actionsEs[code]).join())).toEqual([]);
    expect(
      codes.filter((code) => /[A-Za-z]{4}/.test(actionPhrases[code].replace(/\{\w+\}/g, '')) && actionsEs[code] === actionPhrases[code]),
    ).toEqual([]);
  });

  it('shares no code with another area (the catalogs are merged into one)', () => {
    const others = new Set(
      Object.keys({ ...commonPhrases, ...connectionPhrases, ...dialingPhrases, ...settingsPhrases, ...desktopPhrases }),
    );
    expect(codes.filter((code) => others.has(code))).toEqual([]);
  });
});

describe("the PBX's refusals: the purpose in Spanish, the PBX's message verbatim", () => {
  const pause = AmiAction.build('QueuePause', { Queue: 'support', Interface: 'PJSIP/1001', Paused: true });
  it.each([
    [
      pause,
      'Permission denied',
      'pbx.permission-class',
      'La centralita no permitió a la aplicación cambiar tu pausa: su usuario AMI necesita "agent" en la línea write = de manager.conf (o no ha iniciado sesión).',
    ],
    [
      'Ping',
      'Permission denied',
      'pbx.permission-action',
      'La centralita no permitió a la aplicación ejecutar Ping: su usuario AMI no tiene el permiso para Ping en manager.conf.',
    ],
    ['Hangup', 'Something new', 'pbx.could-not', 'La centralita no pudo colgar: Something new.'],
    ['Hangup', 'Something new.', 'pbx.could-not', 'La centralita no pudo colgar: Something new.'],
    ['Hangup', '', 'pbx.could-not-no-reason', 'La centralita no pudo colgar y no dio ningún motivo.'],
    [
      'Hangup',
      "Need 'Channel'",
      'pbx.incomplete-request',
      'La aplicación envió a la centralita una solicitud incompleta para colgar ("Need \'Channel\'"): por favor, infórmalo.',
    ],
    [
      'NoSuchAction',
      'Invalid/unknown command: NoSuchAction.',
      'pbx.unknown-action',
      'Esta centralita no conoce la acción NoSuchAction (un Asterisk más antiguo, o un módulo que no está cargado).',
    ],
    [
      AmiAction.build('QueueAdd', { Queue: 'nope', Interface: 'PJSIP/1001' }),
      'Unable to add interface to queue: No such queue',
      'pbx.no-such-queue',
      'La cola nope no existe en la centralita.',
    ],
    [
      'QueueRemove',
      'Member not dynamic',
      'pbx.permanent-member-unnamed',
      'Eres miembro fijo de esa cola (definido en queues.conf): no puedes salir desde la aplicación; pídeselo a tu supervisor.',
    ],
    [
      AmiAction.build('QueuePause', { Interface: 'PJSIP/1001', Paused: true }),
      'Interface not found',
      'pbx.not-member-of-any-queue-as',
      'No eres miembro de ninguna cola como PJSIP/1001, así que la centralita no cambió nada.',
    ],
    [
      'QueuePause',
      'Interface not found',
      'pbx.not-member-of-any-queue-as',
      'No eres miembro de ninguna cola como esta interfaz, así que la centralita no cambió nada.',
    ],
    ['Redirect', 'Redirect failed', 'pbx.redirect-failed', 'La centralita no pudo pasar la llamada a ese número.'],
    [
      'MixMonitorMute',
      'Cannot set mute flag',
      'pbx.not-recording-mute',
      'Esta llamada no se está grabando, así que no hay nada que silenciar.',
    ],
    ['Hangup', 'No such channel', 'pbx.call-ended', 'La llamada ya terminó.'],
  ])('%s answered %j', (action, pbx, code, spanish) => {
    const said = explainAmiErrorPhrase(action, pbx);
    expect(said.code).toBe(code);
    expect(english(said)).toBe(explainAmiError(action, pbx));
    expect(inSpanish(said)).toBe(spanish);
  });

  it('keeps the purpose a phrase of its own and the message a plain value', () => {
    expect(explainAmiErrorPhrase('Originate', 'Out of cheese')).toEqual({
      code: 'pbx.could-not',
      params: { purpose: { code: 'purpose.originate' }, message: 'Out of cheese' },
    });
  });
});

describe('every other failure of a verb', () => {
  const pause = AmiAction.build('QueuePause', { Queue: 'support', Interface: 'PJSIP/1001', Paused: true });
  it.each([
    [
      refusalOf(() => queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'x'.repeat(101) })),
      'input.too-long',
      'Revisa el motivo de la pausa: tiene más de 100 caracteres.',
    ],
    // The field error's own words are the AMI module's (a phrase of its own, or verbatim).
    [
      new AmiFieldError('Reason', 'contains a line break (CR/LF), which would inject AMI headers'),
      'pbx.cannot-send',
      /^Eso no se puede enviar a la centralita: .*"Reason".*\.$/,
    ],
    [
      new AmiTimeoutError('QueuePause', 10000),
      'pbx.timeout',
      'La centralita no respondió a tiempo, así que no se sabe si pudo cambiar tu pausa. Compruébalo antes de volver a intentarlo.',
    ],
    [
      new AmiConnectionError('the connection closed'),
      'pbx.not-connected-because',
      'Sin conexión con la centralita, así que no se pudo cambiar tu pausa. (the connection closed)',
    ],
    [new AmiConnectionError(''), 'pbx.not-connected', 'Sin conexión con la centralita, así que no se pudo cambiar tu pausa.'],
    [new Error('boom'), 'verb.could-not', 'No se pudo cambiar tu pausa: boom'],
  ])('%s', (error, code, spanish) => {
    const said = explainFailurePhrase(pause, error);
    expect(said.code).toBe(code);
    expect(english(said)).toBe(explainFailure(pause, error));
    if (typeof spanish === 'string') expect(inSpanish(said)).toBe(spanish);
    else expect(inSpanish(said)).toMatch(spanish);
  });

  it.each([
    ['0', 'La centralita no pudo hacer sonar tu teléfono: no está registrado, o el dispositivo de los ajustes no existe.'],
    ['5', 'Tu teléfono está ocupado: la llamada no se hizo.'],
    ['42', 'La llamada no se hizo (la centralita respondió con el motivo 42).'],
    [undefined, 'La llamada no se hizo (la centralita respondió con el motivo desconocido).'],
  ])('the phone of a click-to-dial, Reason %s', (reason, spanish) => {
    expect(inSpanish(explainOriginateFailurePhrase(reason))).toBe(spanish);
  });
});

describe('input the builders refuse', () => {
  it.each([
    ['no number', () => originate({ channel: 'PJSIP/1001', exten: '' }), 'input.missing', 'Falta el número.'],
    [
      'not a channel',
      () => originate({ channel: '1001', exten: '700' }),
      'input.not-channel',
      '"1001" no es un nombre de canal como PJSIP/1001 o Local/1001@from-internal.',
    ],
    [
      'ring time',
      () => originate({ channel: 'PJSIP/1001', exten: '700', timeoutMs: 1 }),
      'input.not-whole-number',
      'Revisa el tiempo de timbre de tu teléfono (ms): debe ser un número entero entre 5000 y 120000.',
    ],
    [
      'auto-answer on Local',
      () => originate({ channel: 'Local/1001@x', exten: '700', autoAnswer: 'call-info' }),
      'input.auto-answer-needs-sip',
      'La respuesta automática necesita el canal PJSIP/ o SIP/ del propio teléfono, no LOCAL/: deja que el plan de marcación añada la cabecera.',
    ],
    [
      '| in a reason',
      () => queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'a|b' }),
      'input.pipe',
      'Revisa el motivo de la pausa: no puede contener "|" (separa las columnas del registro de colas).',
    ],
    [
      'penalty',
      () => queueAdd({ queue: 'support', interface: 'PJSIP/1001', penalty: 5000 }),
      'input.not-whole-number',
      'Revisa la penalización: debe ser un número entero entre 0 y 1000.',
    ],
    [
      'queue_log event',
      () => queueLog({ queue: 'support', agent: 'Agent 1001', event: 'NOPE' as never }),
      'input.bad-queue-log-event',
      'El evento de queue_log "NOPE" no es ninguno de PAUSE, UNPAUSE, PAUSEALL, UNPAUSEALL, CUSTOM',
    ],
    [
      'file placeholder',
      () => recordingFile('x-{nope}.wav', {}, new Date(0)),
      'input.unknown-placeholder',
      'La plantilla del archivo de grabación tiene un marcador desconocido: {nope}.',
    ],
  ])('%s', (_label, build, code, spanish) => {
    const error = refusalOf(build);
    expect(error.phrase.code).toBe(code);
    expect(english(error.phrase)).toBe(error.message);
    expect(inSpanish(error.phrase)).toBe(spanish);
  });
});

describe('the AMI verbs against the demo PBX', () => {
  let pbx: DemoPbx;
  let agent: CoreCompanion;
  let limited: CoreCompanion;
  const companion = async (username: string, secret: string): Promise<CoreCompanion> => {
    const core = await createCompanion({
      pbx: { host: '127.0.0.1', port: pbx.port, username, extension: '1001' },
      secret,
      dialRules: { defaultCountry: 'ES' },
      client: { keepaliveIntervalMs: 0, reconnect: false },
    });
    await new Promise<void>((resolve) => {
      const live = (s: Snapshot) => s.connection.status === 'live' && s.queues.some((q) => q.member);
      if (live(core.snapshot())) return resolve();
      const off = core.subscribe((s) => live(s) && (off(), resolve()));
    });
    return core;
  };
  beforeAll(async () => {
    pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
    agent = await companion('agentapp', 's3cret');
    limited = await companion('limited', 'l1mited');
  });
  afterAll(async () => {
    await agent.close();
    await limited.close();
    await pbx.close();
  });

  it('refusals and successes, each with its phrase', async () => {
    expectSaid(await agent.pause({ reason: ' ' }), 'verb.choose-reason', 'Elige un motivo para la pausa.');
    expectSaid(await agent.unpause({ queue: 'billing' }), 'verb.not-member', 'No eres miembro de la cola billing.');
    expectSaid(await agent.queueLogin('billing'), 'pbx.no-such-queue', 'La cola billing no existe en la centralita.');
    expectSaid(await agent.record('start'), 'verb.no-call-to-record', 'No tienes ninguna llamada que grabar.');
    expectSaid(await agent.record('pause' as never), 'verb.say-record-op', 'Indica start, stop, mute o unmute.');
    expectSaid(await agent.hangup(), 'verb.no-call-to-hang-up', 'No tienes ninguna llamada que colgar.');
    expectSaid(await agent.transfer('1002'), 'verb.no-call-to-transfer', 'No tienes ninguna llamada que transferir.');
    expectSaid(await agent.record('stop', 'no-such-call'), 'verb.call-ended', 'Esa llamada ya terminó.');
    expectSaid(await agent.queueLogin('support'), 'verb.already-logged-in', 'Ya has entrado en support.');
    expectSaid(await agent.pause({ reason: 'Lunch' }), 'verb.paused-in-reason', 'En pausa en support, sales (Lunch).');
    expectSaid(await agent.unpause({ queue: 'sales' }), 'verb.unpaused-in', 'Pausa terminada en sales.');
    // Without a queue: only where still paused (sales was unpaused just above).
    expectSaid(await agent.unpause({}), 'verb.unpaused-in', 'Pausa terminada en support.');
  });

  it("a number that cannot be dialled carries the dialing preview's words", async () => {
    const result = await agent.dial('12ab');
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/letters/) });
    expect(english(result.phrase!)).toBe(!result.ok && result.error);
    expect(inSpanish(result.phrase!)).not.toBeNull();
  });

  it('the limited user: the purpose in Spanish, the write class as it is', async () => {
    const needsAgent = (purpose: string) =>
      `La centralita no permitió a la aplicación ${purpose}: su usuario AMI necesita "agent" en la línea write = de manager.conf (o no ha iniciado sesión).`;
    expectSaid(await limited.pause({ reason: 'Lunch' }), 'pbx.permission-class', needsAgent('cambiar tu pausa'));
    expectSaid(await limited.queueLogin('billing'), 'pbx.permission-class', needsAgent('hacerte entrar en la cola'));
    expectSaid(await limited.queueLogout('support'), 'pbx.permission-class', needsAgent('hacerte salir de la cola'));
  });

  it('a pause refused in one queue: the refusal, then where it worked, one sentence after the other', async () => {
    const client = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
    await client.connect();
    try {
      const runner = new ActionRunner(client);
      const result = await setPaused(
        runner,
        [
          { queue: 'support', interface: 'PJSIP/1001' },
          { queue: 'support', interface: 'PJSIP/9999' },
        ],
        { paused: true, reason: 'Break' },
      );
      expectSaid(
        result,
        'verb.and-then',
        'No eres miembro de la cola support como PJSIP/9999 (o esa cola no existe), así que la centralita no cambió nada. En pausa en support.',
      );
      expectSaid(
        await setPaused(runner, [{ queue: 'support', interface: 'PJSIP/1001' }], { paused: false }),
        'verb.unpaused-in',
        'Pausa terminada en support.',
      );

      const dial = runner.originate({ channel: 'PJSIP/1999', exten: '700' });
      expectSaid(await dial.queued, 'dial.will-ring', 'Tu teléfono va a sonar: contesta para llamar a 700.');
      expectSaid(
        await dial.outcome,
        'dial.phone-unreachable',
        'La centralita no pudo hacer sonar tu teléfono: no está registrado, o el dispositivo de los ajustes no existe.',
      );
      const refused = runner.originate({ channel: 'PJSIP/1001', exten: '1-800-FLOWERS' });
      expectSaid(
        await refused.queued,
        'input.not-number',
        '"1-800-FLOWERS" no es un número que la centralita pueda marcar (dígitos, * y #, hasta 40).',
      );
    } finally {
      await client.close();
    }
  });
});

describe('the ARI verbs and the supervisor desk against the test ARI server', () => {
  let server: AriTestServer;
  let ari: AriCompanion;
  beforeAll(async () => {
    server = await AriTestServer.start();
    ari = await createAriCompanion({
      url: server.url,
      username: 'ariuser',
      secret: 'aripass',
      app: 'labapp',
      extension: '1001',
      dialRules: { defaultCountry: 'ES' },
      backoff: () => 0,
      pingIntervalMs: 0,
    });
  });
  afterAll(async () => {
    await ari.close();
    await server.close();
  });

  it('the companion', async () => {
    expectSaid(
      await ari.pause({ reason: 'Lunch' }),
      'verb.queues-need-ami',
      'Las colas necesitan una conexión AMI: ARI no tiene acciones de colas. Pide a tu administrador un usuario AMI para pausar y entrar en las colas.',
    );
    expectSaid(
      await ari.transfer('1002'),
      'verb.transfers-need-ami',
      'Las transferencias necesitan una conexión AMI: ARI solo puede mover llamadas que están en una aplicación Stasis.',
    );
    expectSaid(await ari.hangup(), 'verb.no-call-to-hang-up', 'No tienes ninguna llamada que colgar.');
    expectSaid(await ari.record('mute', 'no-such-call'), 'verb.call-ended', 'Esa llamada ya terminó.');
    expectSaid(await ari.dial('+34 912 34 56 78'), 'dial.will-ring', 'Tu teléfono va a sonar: contesta para llamar a +34 912 34 56 78.');
  });

  it('the supervisor desk', async () => {
    const desk = createSupervisorDesk({ client: ari.client, events: ari.events, app: ari.app, device: 'PJSIP/1001' });
    try {
      expectSaid(await desk.supervise('1002', 'shout' as never), 'listen.choose-mode', 'Elige escuchar o susurrar.');
      expectSaid(
        await desk.supervise('PJSIP/9000', 'listen'),
        'listen.not-an-extension',
        '"PJSIP/9000" no es la extensión de un agente, como 1002.',
      );
      expectSaid(await desk.supervise('1001', 'listen'), 'listen.own-phone', 'Ese es tu propio teléfono: elige otro agente.');
      expectSaid(
        await desk.supervise('9000', 'whisper'),
        'listen.no-call-to-whisper',
        'El agente 9000 no tiene ninguna llamada en curso en la que susurrar.',
      );
      expectSaid(await desk.stopSupervising(), 'listen.not-listening', 'No estás escuchando a nadie.');
    } finally {
      await desk.close();
    }
  });
});
