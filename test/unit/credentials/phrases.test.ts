/**
 * The keychain's problems as phrases: the English message of every CredentialStoreError is its
 * phrase's English, the platform's own words ride along as {detail}, and the Spanish catalog words
 * it. No keychain needed: these are refused before one is asked, or explained from its error text.
 */
import { describe, expect, it } from 'vitest';
import { CredentialStoreError, KeyringCredentialStore, explain } from '../../../electron/core/credentials/index.ts';
import { english, formatPhrase, phraseOfError } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

describe('keychain problems in words', () => {
  it.each([
    [
      new Error('DBus error: Using X11 for dbus-daemon autolaunch was disabled'),
      'linux',
      'unavailable',
      'keychain.no-secret-service',
      'No hay ningún Secret Service funcionando en este escritorio',
    ],
    [
      new Error('Platform secure storage failure: not available'),
      'win32',
      'unavailable',
      'keychain.unreachable',
      'No se puede acceder al llavero del sistema',
    ],
    [new Error('Secret Service: no result found'), 'linux', 'denied', 'keychain.denied', 'El llavero está bloqueado o denegó el acceso.'],
    [
      new Error('The user name or passphrase you entered is not correct'),
      'darwin',
      'unavailable',
      'keychain.failed',
      'El llavero falló, así que la contraseña no se guardó ni se leyó.',
    ],
  ] as const)('%s on %s', (cause, platform, kind, code, spanishText) => {
    const explained = explain(cause, platform);
    expect(explained).toBeInstanceOf(CredentialStoreError);
    expect(explained.code).toBe(kind);
    expect(explained.phrase).toEqual({ code, params: { detail: cause.message } });
    expect(english(explained.phrase)).toBe(explained.message);
    const spanish = formatPhrase(explained.phrase, spanishPhrases);
    expect(spanish).toContain(spanishText);
    // The platform's words stay as they are, at the end.
    expect(spanish?.endsWith(`(${cause.message})`)).toBe(true);
  });

  it('refuses an empty secret and a bad account name before asking the keychain, in words a shell can translate', async () => {
    const store = new KeyringCredentialStore({ service: 'PBX Companion phrases test' });
    const empty = await store.set('ami:x@h:1', '').catch((error: unknown) => error);
    const account = await store.get('').catch((error: unknown) => error);
    expect(empty).toMatchObject({
      name: 'CredentialStoreError',
      code: 'invalid',
      message: 'An empty secret cannot be stored; delete it instead.',
    });
    expect(phraseOfError(empty)).toEqual({ code: 'keychain.empty-secret' });
    expect(phraseOfError(account)).toEqual({ code: 'keychain.bad-account' });
    expect(formatPhrase(phraseOfError(empty), spanishPhrases)).toBe('No se puede guardar una contraseña vacía: bórrala en su lugar.');
  });
});
