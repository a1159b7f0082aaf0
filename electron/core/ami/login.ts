/**
 * The AMI login: plain (`Secret`) or MD5 (`Challenge`, then `Key` = md5(challenge + secret), so the
 * secret never crosses the wire). `Authentication failed` becomes an AmiLoginError('auth-failed'),
 * any other refusal a retryable one ('pbx-busy').
 */
import { createHash } from 'node:crypto';
import { phrase } from '../../shared/phrases/index.ts';
import { AmiAction, AmiFieldError } from './action.ts';
import { AmiLoginError, AmiResponseError, AmiTimeoutError } from './errors.ts';
import type { AmiMessage } from './message.ts';

export type AuthType = 'plain' | 'md5';

/** manager.c's answer to a wrong user name or secret (and to an address the user's permit/deny refuses). */
const WRONG_SECRET = 'Authentication failed';

export interface LoginRequest {
  username: string;
  secret: string;
  authType: AuthType;
  /** Sent as `Events:` (Asterisk reads `Events`, not `Event`): `on`, `off`, or classes like `call,agent,system`. */
  events: string;
}

export async function login(send: (action: AmiAction) => Promise<AmiMessage>, request: LoginRequest): Promise<AmiMessage> {
  const { username, secret, events } = request;
  try {
    if (request.authType === 'plain') return await send(AmiAction.build('Login', { Username: username, Secret: secret, Events: events }));
    const challenge = (await send(AmiAction.build('Challenge', { AuthType: 'MD5' })).catch(md5Refused)).get('Challenge');
    if (!challenge) throw new AmiLoginError('auth-failed', phrase('ami.md5-no-challenge'));
    const key = createHash('md5')
      .update(challenge + secret)
      .digest('hex');
    return await send(AmiAction.build('Login', { Username: username, AuthType: 'MD5', Key: key, Events: events }));
  } catch (error) {
    if (error instanceof AmiResponseError) {
      // Only Asterisk's answer to a wrong user or secret is final; any other refusal (`Asterisk is
      // shutting down` during a restart) passes, and is retried.
      if (error.pbxMessage !== WRONG_SECRET)
        throw new AmiLoginError('pbx-busy', phrase('ami.login-refused-for-now', { reason: error.pbxMessage || phrase('ami.no-reason') }), {
          cause: error,
        });
      throw new AmiLoginError('auth-failed', phrase('ami.login-refused', { user: username, reason: error.pbxMessage }), { cause: error });
    }
    if (error instanceof AmiFieldError) {
      const code = error.field === 'Username' ? 'ami.username-unsendable' : 'ami.secret-unsendable';
      throw new AmiLoginError('auth-failed', phrase(code, { reason: error.reason }), { cause: error });
    }
    if (error instanceof AmiTimeoutError)
      throw new AmiLoginError('timeout', phrase('ami.login-timeout', { ms: error.timeoutMs }), { cause: error });
    throw error;
  }
}

/**
 * A Challenge refused for good (an AMI proxy or a PBX without it: "Must specify AuthType", an unknown
 * action) is final: retrying cannot fix it, the admin must choose the plain login. A refusal during a
 * restart ("Asterisk is shutting down") passes on, as any login's does.
 */
function md5Refused(error: unknown): never {
  if (error instanceof AmiResponseError && !/shutting down/i.test(error.pbxMessage)) {
    throw new AmiLoginError('auth-failed', phrase('security.md5-refused', { reason: error.pbxMessage || phrase('ami.no-reason') }), {
      cause: error,
    });
  }
  throw error;
}
