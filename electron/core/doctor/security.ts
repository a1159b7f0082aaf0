/**
 * The doctor's checks of the secrets on the wire, for `doctor` and the settings window's "Test
 * connection": which login methods the PBX accepts (md5, plain), whether it offers TLS on 5039,
 * and, for a plain-text session to another machine, that it is one, with how to turn TLS on.
 * Never sends the secret in clear to find something out: plain is tried only over TLS or on this machine.
 */
import { AmiAction } from '../ami/action.ts';
import { AmiClient, type AmiClientOptions } from '../ami/client.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AuthType } from '../ami/login.ts';
import { probeTls } from '../ami/tls-probe.ts';
import type { ConnectionCheck } from '../../shared/bridge.ts';
import { isLoopbackHost, plainTextNotice } from '../../shared/network.ts';
import { english, phrase, phraseOfError, type Phrase } from '../../shared/phrases/index.ts';

export interface SecurityCheckTarget {
  /** The client options the doctor logged in with (host, port, user, secret, TLS, socket factory). */
  login: AmiClientOptions;
  auth: AuthType;
  /** The TLS probe's wait; default 1.5 s. */
  probeTimeoutMs?: number;
}

/** Runs after a successful login with `client`; never throws. Warnings only: none of this stops the app. */
export async function securityChecks(client: AmiClient, target: SecurityCheckTarget): Promise<ConnectionCheck[]> {
  const { login, auth } = target;
  const tls = Boolean(login.tls);
  const accepted = said('ok', phrase('security.login-accepted'));
  const checks: ConnectionCheck[] = [];
  checks.push({ id: `login-${auth}`, ...accepted });
  if (auth === 'plain') checks.push({ id: 'login-md5', ...(await md5Answered(client)) });
  else
    checks.push({
      id: 'login-plain',
      ...(tls || isLoopbackHost(login.host) ? await plainAccepted(login) : said('warning', phrase('security.plain-not-tried'))),
    });
  checks.push({ id: 'tls', ...(tls ? said('ok', phrase('security.tls-in-use')) : await tlsOffered(login, target.probeTimeoutMs)) });
  const notice = plainTextNotice({ host: login.host, tls, auth });
  if (notice)
    checks.push({
      id: 'plain-text',
      ...said('warning', phrase('security.with-howto', { warning: notice.phrase, howto: phrase('security.tls-howto') })),
    });
  return checks;
}

function said(state: ConnectionCheck['state'], detail: Phrase): Pick<ConnectionCheck, 'state' | 'detail' | 'detailPhrase'> {
  return { state, detail: english(detail), detailPhrase: detail };
}

/** A Challenge on the logged-in session: side-effect free, and answered only where MD5 works. */
async function md5Answered(client: AmiClient): Promise<Pick<ConnectionCheck, 'state' | 'detail' | 'detailPhrase'>> {
  try {
    const response = await client.action(AmiAction.build('Challenge', { AuthType: 'MD5' }));
    if (response.get('Challenge')) return said('ok', phrase('security.md5-answered'));
    return said('warning', phrase('security.md5-no-answer', { reason: phrase('ami.no-reason') }));
  } catch (error) {
    const reason = error instanceof AmiResponseError ? error.pbxMessage || phrase('ami.no-reason') : phraseOfError(error);
    return said('warning', phrase('security.md5-no-answer', { reason }));
  }
}

/** A second, short login with the plain secret: only where it cannot be read on the way (TLS, this machine). */
async function plainAccepted(login: AmiClientOptions): Promise<Pick<ConnectionCheck, 'state' | 'detail' | 'detailPhrase'>> {
  const client = new AmiClient({ ...login, authType: 'plain', reconnect: false, keepaliveIntervalMs: 0 });
  try {
    await client.connect();
    return said('ok', phrase('security.login-accepted'));
  } catch (error) {
    return said('warning', phrase('security.plain-refused', { reason: phraseOfError(error) }));
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function tlsOffered(
  login: AmiClientOptions,
  timeoutMs: number | undefined,
): Promise<Pick<ConnectionCheck, 'state' | 'detail' | 'detailPhrase'>> {
  const probe = await probeTls(login.host, { socketFactory: login.socketFactory, ...(timeoutMs ? { timeoutMs } : {}) });
  if (!probe.offered) return said('warning', phrase('security.tls-not-offered', { port: probe.port, detail: probe.detail }));
  if (!probe.trusted) return said('warning', phrase('security.tls-untrusted', { port: probe.port, detail: probe.detail }));
  return said('ok', phrase('security.tls-trusted', { port: probe.port }));
}
