/**
 * The settings' words to the agent as phrases: the schema's refusals (what a save answers), the
 * start-up notices (corrupt file, newer version, migrated file, ignored admin defaults) and the
 * admin file's and migration's refusals. The English of each phrase is exactly the English sent
 * beside it; the Spanish catalog words it, keeping the "path: reason; path: reason" shape the
 * settings window splits back onto its fields.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SETTINGS_VERSION,
  SettingsStore,
  checkAdminDefaults,
  defaultSettings,
  migrate,
  parseSettings,
} from '../../../electron/core/settings/index.ts';
import { english, formatPhrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

const spanish = (said: Phrase | undefined) => (said ? formatPhrase(said, spanishPhrases) : null);

let dir: string;
let file: string;
const now = () => Date.UTC(2025, 0, 2, 3, 4, 5);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-phrases-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the schema refusals', () => {
  it.each([
    [
      { pbx: { port: 70000 } },
      { code: 'settings.issue', params: { path: 'pbx.port', reason: { code: 'settings.reason.number-max', params: { max: 65535 } } } },
      'pbx.port: demasiado grande: debe ser como máximo 65535',
    ],
    [
      { pbx: { port: 'five' } },
      {
        code: 'settings.issue',
        params: {
          path: 'pbx.port',
          reason: {
            code: 'settings.reason.wrong-type',
            params: { expected: { code: 'settings.type.number' }, received: { code: 'settings.type.string' } },
          },
        },
      },
      'pbx.port: valor no válido: se esperaba un número y se recibió un texto',
    ],
    [
      { pbx: { host: 'a\r\nb' } },
      { code: 'settings.issue', params: { path: 'pbx.host', reason: { code: 'settings.reason.control-characters' } } },
      'pbx.host: no debe contener caracteres de control (como saltos de línea)',
    ],
    [
      { pbx: { technology: 'XX' } },
      {
        code: 'settings.issue',
        params: { path: 'pbx.technology', reason: { code: 'settings.reason.one-of', params: { values: '"PJSIP"|"SIP"|"IAX2"' } } },
      },
      'pbx.technology: opción no válida: debe ser una de "PJSIP"|"SIP"|"IAX2"',
    ],
    [
      { pbx: { hots: 'x' } },
      { code: 'settings.issue', params: { path: 'pbx', reason: { code: 'settings.reason.unknown-key', params: { keys: '"hots"' } } } },
      'pbx: clave desconocida: "hots"',
    ],
    [
      { version: 7 },
      { code: 'settings.issue', params: { path: 'version', reason: { code: 'settings.reason.expected', params: { value: '1' } } } },
      'version: valor no válido: se esperaba 1',
    ],
    [
      { dialing: { defaultCountry: 'es' } },
      { code: 'settings.issue', params: { path: 'dialing.defaultCountry', reason: { code: 'settings.reason.country' } } },
      'dialing.defaultCountry: un código de país de dos letras, como US o ES',
    ],
    [
      { ari: { app: 'a/b' } },
      {
        code: 'settings.issue',
        params: { path: 'ari.app', reason: { code: 'settings.reason.ari-app', params: { token: '{extension}' } } },
      },
      'ari.app: solo letras, dígitos, ".", "_", "-" y {extension}',
    ],
    [
      { dialing: { outboundPrefix: '9', domesticFormat: 'e164' } },
      { code: 'settings.issue', params: { path: 'dialing.outboundPrefix', reason: { code: 'settings.reason.prefix-with-e164' } } },
      'dialing.outboundPrefix: un prefijo de salida no se puede combinar',
    ],
    [
      { screenPop: { queues: Array.from({ length: 201 }, () => 'q') } },
      { code: 'settings.issue', params: { path: 'screenPop.queues', reason: { code: 'settings.reason.list-max', params: { max: 200 } } } },
      'screenPop.queues: demasiados elementos: como máximo 200',
    ],
    [{ pbx: { secret: 'x' } }, { code: 'settings.secret-key', params: { key: 'pbx.secret' } }, '"pbx.secret" parece una contraseña'],
  ])('%j', (input, said, spanishText) => {
    const parsed = parseSettings(input);
    if (parsed.ok) throw new Error('parsed');
    expect(parsed.phrase).toEqual(said);
    expect(english(parsed.phrase)).toBe(parsed.error);
    expect(spanish(parsed.phrase)).toContain(spanishText);
  });

  it('words several fields as the same list, which the settings window places field by field in Spanish too', () => {
    const parsed = parseSettings({ pbx: { host: 'a\nb', port: 0 }, dialing: { outboundPrefix: '12345' } });
    if (parsed.ok) throw new Error('parsed');
    expect(parsed.phrase.code).toBe('settings.issues.3');
    expect(english(parsed.phrase)).toBe(parsed.error);
    // The settings window splits on "; " and reads the path before ": ".
    expect(spanish(parsed.phrase)!.split('; ')).toEqual([
      'pbx.host: no debe contener caracteres de control (como saltos de línea)',
      'pbx.port: demasiado pequeño: debe ser como mínimo 1',
      'dialing.outboundPrefix: como máximo 4 dígitos',
    ]);
  });

  it('names a type zod reports that has no phrase as zod wrote it', () => {
    const parsed = parseSettings({ pbx: { port: 1.5 }, afterCallWorkSeconds: Number.NaN });
    if (parsed.ok) throw new Error('parsed');
    expect(english(parsed.phrase)).toBe(parsed.error);
    expect(spanish(parsed.phrase)).toBe(
      'pbx.port: valor no válido: se esperaba un número entero y se recibió un número; afterCallWorkSeconds: valor no válido: se esperaba un número y se recibió NaN',
    );
  });
});

describe('the start-up notices', () => {
  async function noticeOf(content: string | null, admin?: unknown) {
    if (content !== null) await writeFile(file, content);
    const adminFile = admin === undefined ? null : join(dir, 'defaults.json');
    if (adminFile) await writeFile(adminFile, JSON.stringify(admin));
    const store = await SettingsStore.open({ file, adminFile, now });
    expect(store.notices).toHaveLength(1);
    return store.notices[0]!;
  }

  it.each([
    [
      'a file that is not JSON',
      '{"version":1,"pbx":{"host":"half',
      undefined,
      'settings.notice.corrupt',
      'No se pudo leer tu archivo de ajustes (no es un JSON válido (',
    ],
    [
      'a file with a wrong type',
      JSON.stringify({ version: 1, pbx: { port: 'five' } }),
      undefined,
      'settings.notice.invalid-values',
      'se usan sus valores predeterminados: pbx.port: valor no válido: se esperaba un número y se recibió un texto.',
    ],
    [
      'a file with a key this version does not know',
      JSON.stringify({ version: 1, pbx: { hots: 'x' } }),
      undefined,
      'settings.notice.unknown-keys',
      'ajustes que esta versión no conoce ("pbx.hots")',
    ],
    [
      'a file with a broken version',
      JSON.stringify({ version: 'x' }),
      undefined,
      'settings.notice.corrupt',
      '("version" debe ser un número entero, pero es "x")',
    ],
    [
      "a newer version's file",
      JSON.stringify({ version: SETTINGS_VERSION + 1 }),
      undefined,
      'settings.notice.newer',
      `(versión de ajustes ${SETTINGS_VERSION + 1}, esta aplicación conoce la ${SETTINGS_VERSION})`,
    ],
    [
      'an old file',
      JSON.stringify({ dialing: { prefix: '9' } }),
      undefined,
      'settings.notice.migrated',
      `de la versión 0 a la ${SETTINGS_VERSION}`,
    ],
    [
      'an admin file with a secret',
      null,
      { settings: { pbx: { secret: 'x' } } },
      'settings.notice.admin-ignored',
      '"pbx.secret" parece una contraseña, y las contraseñas van en el llavero de cada puesto.',
    ],
    [
      'an admin file locking nothing known',
      null,
      { settings: {}, locked: ['pbx.nope'] },
      'settings.notice.admin-partly',
      'bloqueos de ajustes que esta versión no conoce: "pbx.nope".',
    ],
    [
      'an admin file with a bad value',
      null,
      { settings: { pbx: { port: 'x' } } },
      'settings.notice.admin-partly',
      'pbx.port: valor no válido: se esperaba un número y se recibió un texto.',
    ],
  ])('%s', async (_what, content, admin, code, spanishText) => {
    const notice = await noticeOf(content, admin);
    expect(notice.phrase?.code).toBe(code);
    expect(english(notice.phrase!)).toBe(notice.message);
    expect(spanish(notice.phrase)).toContain(spanishText);
  });

  it("names the corrupt file's backup in the phrase", async () => {
    const notice = await noticeOf('not json');
    expect(notice.phrase?.params?.['backup']).toBe(notice.backupPath);
  });
});

describe('saving', () => {
  it("refuses with a phrase: a newer version's file, a secret, a field the admin locked, a bad value", async () => {
    await writeFile(file, JSON.stringify({ version: SETTINGS_VERSION + 1 }));
    const readOnly = await (await SettingsStore.open({ file, now })).save(defaultSettings());
    await rm(file);
    const adminFile = join(dir, 'defaults.json');
    await writeFile(adminFile, JSON.stringify({ settings: { pbx: { host: 'pbx.corp' } }, locked: ['pbx.host'] }));
    const store = await SettingsStore.open({ file, adminFile, now });
    const results = [
      readOnly,
      await store.save({ ...store.settings, ari: { ...store.settings.ari, token: 'x' } }),
      await store.save({ ...store.settings, pbx: { ...store.settings.pbx, host: 'elsewhere' } }),
      await store.save({ ...store.settings, afterCallWorkSeconds: -1 }),
    ];
    const said = results.map((result) => {
      if (result.ok) throw new Error('saved');
      expect(english(result.phrase)).toBe(result.error);
      return [result.phrase.code, spanish(result.phrase)];
    });
    expect(said).toEqual([
      [
        'settings.save.newer',
        'El archivo de ajustes lo escribió una versión más reciente de PBX Companion y no se modifica. Actualiza la aplicación para cambiar los ajustes.',
      ],
      ['settings.secret-key', '"ari.token" parece una contraseña: las contraseñas van al llavero del sistema, nunca al archivo de ajustes'],
      ['settings.save.locked', '"pbx.host" lo fija tu administrador y no se puede cambiar aquí'],
      ['settings.issue', 'afterCallWorkSeconds: demasiado pequeño: debe ser como mínimo 0'],
    ]);
  });
});

describe('the admin file and the migrations', () => {
  it.each([
    [[], 'settings.admin.not-object', 'los valores predeterminados del administrador: se esperaba un objeto JSON'],
    [{ settings: [] }, 'settings.admin.settings-not-object', '"settings" debe ser un objeto'],
    [{ locked: 'pbx.host' }, 'settings.admin.locked-not-list', '"locked" debe ser una lista de rutas de campos'],
  ])('%j', (raw, code, spanishText) => {
    const checked = checkAdminDefaults(raw);
    if (checked.ok) throw new Error('accepted');
    expect(checked.phrase.code).toBe(code);
    expect(english(checked.phrase)).toBe(checked.error);
    expect(spanish(checked.phrase)).toContain(spanishText);
  });

  it('a migration refusal has its phrase', () => {
    const result = migrate('not an object');
    if (result.kind !== 'invalid') throw new Error(result.kind);
    expect(result.phrase).toEqual({ code: 'settings.file.not-object' });
    expect(english(result.phrase)).toBe(result.error);
    expect(spanish(result.phrase)).toBe('el archivo no contiene un objeto JSON');
  });
});
