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
import { testConnection } from '../core/doctor-checks.ts';
import { stanza } from '../core/manager-conf.ts';
import { previewPop } from '../core/pop-preview.ts';
import { compileTemplate } from '../core/screenpop/template.ts';
import { parseSettings } from '../core/settings/schema.ts';
import type { Settings } from '../core/settings/schema.ts';
import type { AriConnectionTestTarget, ConnectionTestReport, ConnectionTestTarget, PopPreview } from '../shared/bridge.ts';

export interface ConnectionTestDeps {
  credentials: CredentialStore;
  /** The saved settings: their CA file is used for a TLS test. */
  settings: () => Settings;
  /** Per action and for the login; default the doctor's 10 s. */
  timeoutMs?: number;
}

/** Runs the doctor's checks against `target`; without `secret`, the one the keychain keeps for that login. Never throws. */
export async function testConnectionFor(target: ConnectionTestTarget, secret: string | undefined, deps: ConnectionTestDeps): Promise<ConnectionTestReport> {
  const fail = (detail: string): ConnectionTestReport => ({ ok: false, checks: [{ id: 'login', state: 'fail', detail }], asteriskVersion: null, stanza: stanza(target.username, target.extension || undefined, null) });
  let login = secret;
  if (login === undefined) {
    try {
      login = (await deps.credentials.get(amiAccount(target))) ?? undefined;
    } catch (error) {
      return fail(explain(error).message);
    }
    if (login === undefined) return fail(`No secret was typed and none is stored for ${target.username}@${target.host}:${target.port}: enter the secret.`);
  }
  const caFile = target.tls ? deps.settings().pbx.caFile : undefined;
  let ca: Buffer | undefined;
  if (caFile) {
    try {
      ca = await readFile(caFile);
    } catch (error) {
      return fail(`The CA file ${caFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return testConnection(target, login, { ...(ca ? { ca } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
}

/**
 * The doctor's ARI checks against `target`; without `secret`, the one the keychain keeps for that ARI
 * login. A CA file is read only when it is the saved one (main opens no path the page names). Never throws.
 */
export async function testAriConnectionFor(target: AriConnectionTestTarget, secret: string | undefined, deps: ConnectionTestDeps): Promise<ConnectionTestReport> {
  const login = { url: target.url.trim(), username: target.username.trim() };
  const fail = (id: string, detail: string): ConnectionTestReport => ({ ok: false, checks: [{ id, state: 'fail', detail }], asteriskVersion: null, stanza: ariConfStanza(login.username) });
  // No password typed (undefined here; null from a bridge that speaks JSON): the stored one.
  let password = secret || undefined;
  if (password === undefined) {
    try {
      password = (await deps.credentials.get(ariAccount(login))) ?? undefined;
    } catch (error) {
      return fail('ari-credentials', explain(error).message);
    }
    if (password === undefined) return fail('ari-credentials', `No password was typed and none is stored for ${login.username}@${login.url}: enter the ARI password.`);
  }
  const caFile = target.caFile?.trim() || undefined;
  let ca: Buffer | undefined;
  if (caFile && login.url.toLowerCase().startsWith('https:')) {
    if (caFile !== deps.settings().ari.caFile) return fail('ari-reachable', `Save the settings first: the test uses the CA file ${caFile} once it is saved.`);
    try {
      ca = await readFile(caFile);
    } catch (error) {
      return fail('ari-reachable', `The CA file ${caFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return testAriConnection(login, password, { ...(ca ? { ca } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
}

/** The pop template for the sample call; the schemes default to the saved ones, as the screen pop uses them. */
export function previewPopFor(template: string, options: { allowedSchemes?: readonly string[] } | undefined, settings: Settings): PopPreview {
  return previewPop(template, { allowedSchemes: options?.allowedSchemes ?? settings.screenPop.allowedSchemes, extension: settings.pbx.extension || '1001' });
}

/**
 * Why these settings' screen-pop URL would be refused at ring time, as `screenPop.template: ...`
 * (the settings window puts it beside the field), or null. Settings the schema refuses are left
 * to the store, which says why.
 */
export function popUrlProblem(input: unknown): string | null {
  const parsed = parseSettings(input);
  if (!parsed.ok) return null;
  const { template, allowedSchemes } = parsed.settings.screenPop;
  // An empty template means no pop.
  if (!template) return null;
  const compiled = compileTemplate(template, { allowedSchemes });
  // "; " separates one field's error from the next in the store's errors: keep this one whole.
  return compiled.ok ? null : `screenPop.template: ${compiled.error.replaceAll('; ', ' — ')}`;
}
