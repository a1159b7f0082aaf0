/**
 * The AMI login: plain (`Secret`) or MD5 (`Challenge`, then `Key` = md5(challenge + secret), so the
 * secret never crosses the wire). A refusal becomes an AmiLoginError('auth-failed').
 */
import { createHash } from 'node:crypto';
import { AmiAction, AmiFieldError } from './action.ts';
import { AmiLoginError, AmiResponseError, AmiTimeoutError } from './errors.ts';
import type { AmiMessage } from './message.ts';

export type AuthType = 'plain' | 'md5';

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
    const challenge = (await send(AmiAction.build('Challenge', { AuthType: 'MD5' }))).get('Challenge');
    if (!challenge) throw new AmiLoginError('auth-failed', 'the PBX answered the MD5 Challenge without a challenge: use the plain login');
    const key = createHash('md5').update(challenge + secret).digest('hex');
    return await send(AmiAction.build('Login', { Username: username, AuthType: 'MD5', Key: key, Events: events }));
  } catch (error) {
    if (error instanceof AmiResponseError) {
      throw new AmiLoginError(
        'auth-failed',
        `the PBX refused the login of AMI user "${username}" (${error.pbxMessage || 'no reason given'}): check the user name and secret, and that manager.conf permits this computer's address`,
        { cause: error },
      );
    }
    if (error instanceof AmiFieldError)
      throw new AmiLoginError('auth-failed', `the AMI ${error.field === 'Username' ? 'user name' : 'secret'} cannot be sent: it ${error.message.replace(/^AMI field "[^"]*" /, '')}`, { cause: error });
    if (error instanceof AmiTimeoutError)
      throw new AmiLoginError('timeout', `the PBX did not answer the login within ${error.timeoutMs} ms`, { cause: error });
    throw error;
  }
}
