/**
 * The AMI connection the relay is given when it runs under a lease (lease.ts): every action is
 * refused unless the lease is held at the moment it is sent. A relay that loses the lease is stopped
 * at once, but an action already on its way through the relay (a desk's dial) must not reach the
 * PBX after a standby may have taken over: this check is the last wall, right before the socket.
 */
import type { AmiAction } from '../ami/action.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { ActionOptions, AmiConnection, ClientStatus, ListResult } from '../ami/types.ts';
import { PhrasedError } from '../errors/phrased-error.ts';

export class LeasedConnection implements AmiConnection {
  constructor(
    private readonly inner: AmiConnection,
    private readonly held: () => boolean,
  ) {}
  get status(): ClientStatus {
    return this.inner.status;
  }
  get amiVersion(): string | null {
    return this.inner.amiVersion;
  }
  action(action: AmiAction, options?: ActionOptions): Promise<AmiMessage> {
    if (!this.held()) return Promise.reject(PhrasedError.of('relay.not-active'));
    return this.inner.action(action, options);
  }
  listAction(action: AmiAction, options?: ActionOptions): Promise<ListResult> {
    if (!this.held()) return Promise.reject(PhrasedError.of('relay.not-active'));
    return this.inner.listAction(action, options);
  }
  onEvent(listener: (event: AmiMessage) => void): () => void {
    return this.inner.onEvent(listener);
  }
  onStatus(listener: (status: ClientStatus, error: Error | null) => void): () => void {
    return this.inner.onStatus(listener);
  }
  onLogin(listener: (response: AmiMessage) => void): () => void {
    return this.inner.onLogin(listener);
  }
}
