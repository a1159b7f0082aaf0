/**
 * What the settings window asks of main besides loading and saving: "Test connection" (the doctor's
 * checks with the typed or the stored secret), the screen-pop preview, and the check that refuses a
 * pop URL the screen pop would refuse at ring time. The secret is only passed on to the login: never
 * logged, never part of an answer.
 */
import { readFile } from 'node:fs/promises';
import { amiAccount, ariAccount, explain } from '../core/credentials/store.ts';
import { ariConfStanza, testAriConnection } from '../core/ari/test-connection.ts';
import type { CredentialStore } from '../core/credentials/store.ts';
import { testConnection } from '../core/doctor/checks.ts';
import { stanza } from '../core/doctor/manager-conf.ts';
import { previewPop } from '../core/screenpop/preview.ts';
import { probeTls, type TlsProbeOptions } from '../core/ami/tls-probe.ts';
import { compileTemplate } from '../core/screenpop/template.ts';
import { parseSettings } from '../core/settings/schema.ts';
import type { Settings } from '../core/settings/schema.ts';
import type { AriConnectionTestTarget, ConnectionTestReport, ConnectionTestTarget, PopPreview, TlsProbeReport } from '../shared/bridge.ts';
import { english, phrase, phraseOfError, verbatim, type Phrase } from '../shared/phrases/index.ts';

const messageOf = (error: unknown) => verbatim(error instanceof Error ? error.message : String(error));

export interface ConnectionTestDeps {
  credentials: CredentialStore;
  /** The saved settings: their CA file is used for a TLS test. */
  settings: () => Settings;
  /** Per action and for the login; default the doctor's 10 s. */
  timeoutMs?: number;
}

/** Runs the doctor's checks against `target`; without `secret`, the one the keychain keeps for that login. Never throws. */
export async function testConnectionFor(
  target: ConnectionTestTarget,
  secret: string | null | undefined,
  deps: ConnectionTestDeps,
): Promise<ConnectionTestReport> {
  const fail = (detail: Phrase): ConnectionTestReport => ({
    ok: false,
    checks: [{ id: 'login', state: 'fail', detail: english(detail), detailPhrase: detail }],
    asteriskVersion: null,
    stanza: stanza(target.username, target.extension || undefined, null),
  });
  // No secret typed (undefined here; null from a bridge that speaks JSON): the stored one. A null passed
  // on would reach the AMI client as neither secret nor getSecret.
  let login = secret || undefined;
  if (login === undefined) {
    try {
      login = (await deps.credentials.get(amiAccount(target))) ?? undefined;
    } catch (error) {
      return fail(phraseOfError(explain(error)));
    }
    if (login === undefined) return fail(phrase('desktop.no-secret-typed', { login: `${target.username}@${target.host}:${target.port}` }));
  }
  const caFile = target.tls ? deps.settings().pbx.caFile : undefined;
  let ca: Buffer | undefined;
  if (caFile) {
    try {
      ca = await readFile(caFile);
    } catch (error) {
      return fail(phrase('desktop.ca-unreadable', { file: caFile, why: messageOf(error) }));
    }
  }
  return testConnection(target, login, { ...(ca ? { ca } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
}

/**
 * The doctor's ARI checks against `target`; without `secret`, the one the keychain keeps for that ARI
 * login. A CA file is read only when it is the saved one (main opens no path the page names). Never throws.
 */
export async function testAriConnectionFor(
  target: AriConnectionTestTarget,
  secret: string | undefined,
  deps: ConnectionTestDeps,
): Promise<ConnectionTestReport> {
  const login = { url: target.url.trim(), username: target.username.trim() };
  const fail = (id: string, detail: Phrase): ConnectionTestReport => ({
    ok: false,
    checks: [{ id, state: 'fail', detail: english(detail), detailPhrase: detail }],
    asteriskVersion: null,
    stanza: ariConfStanza(login.username),
  });
  // No password typed (undefined here; null from a bridge that speaks JSON): the stored one.
  let password = secret || undefined;
  if (password === undefined) {
    try {
      password = (await deps.credentials.get(ariAccount(login))) ?? undefined;
    } catch (error) {
      return fail('ari-credentials', phraseOfError(explain(error)));
    }
    if (password === undefined)
      return fail('ari-credentials', phrase('desktop.no-ari-password-typed', { login: `${login.username}@${login.url}` }));
  }
  const caFile = target.caFile?.trim() || undefined;
  let ca: Buffer | undefined;
  if (caFile && login.url.toLowerCase().startsWith('https:')) {
    if (caFile !== deps.settings().ari.caFile) return fail('ari-reachable', phrase('desktop.save-ca-first', { file: caFile }));
    try {
      ca = await readFile(caFile);
    } catch (error) {
      return fail('ari-reachable', phrase('desktop.ca-unreadable', { file: caFile, why: messageOf(error) }));
    }
  }
  return testAriConnection(login, password, { ...(ca ? { ca } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
}

/** Whether `host` offers AMI over TLS on 5039, as the wizard needs it (no reasons: it only picks a default). Never throws. */
export async function probeTlsFor(
  host: string,
  options: Pick<TlsProbeOptions, 'socketFactory' | 'timeoutMs'> = {},
): Promise<TlsProbeReport> {
  const { offered, port, trusted } = await probeTls(host.trim(), options);
  return { offered, port, trusted };
}

/** The pop template for the sample call; the schemes default to the saved ones, as the screen pop uses them. */
export function previewPopFor(
  template: string,
  options: { allowedSchemes?: readonly string[] } | undefined,
  settings: Settings,
): PopPreview {
  return previewPop(template, {
    allowedSchemes: options?.allowedSchemes ?? settings.screenPop.allowedSchemes,
    extension: settings.pbx.extension || '1001',
  });
}

/**
 * Why these settings' screen-pop URL would be refused at ring time, as `screenPop.template: ...`
 * (the settings window puts it beside the field), or null. Settings the schema refuses are left
 * to the store, which says why.
 */
export function popUrlProblem(input: unknown): Phrase | null {
  const parsed = parseSettings(input);
  if (!parsed.ok) return null;
  const { template, allowedSchemes } = parsed.settings.screenPop;
  // An empty template means no pop.
  if (!template) return null;
  const compiled = compileTemplate(template, { allowedSchemes });
  if (compiled.ok) return null;
  // "; " separates one field's error from the next in the store's errors: keep this one whole.
  const reason = english(compiled.phrase).includes('; ') ? verbatim(compiled.error.replaceAll('; ', ' — ')) : compiled.phrase;
  return phrase('settings.issue', { path: 'screenPop.template', reason });
}
