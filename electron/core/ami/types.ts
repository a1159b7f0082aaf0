/**
 * What the rest of the core may rely on from an AMI connection. The client (client.ts) implements
 * it; the agent sync, the actions and the demo-PBX tests use only this, so a later relay mode can
 * stand in for a direct connection.
 */
import type { AmiAction } from './action.ts';
import type { AmiMessage } from './message.ts';

export type ClientStatus = 'disconnected' | 'connecting' | 'authenticating' | 'connected' | 'reconnecting' | 'closed';

export interface ListResult {
  /** The `Response: Success` with `EventList: start`. */
  response: AmiMessage;
  /** The item events that carried this action's ActionID, in order. */
  items: AmiMessage[];
  /** The `...Complete` event (EventList: Complete, ListItems: N). */
  complete: AmiMessage;
}

export interface ActionOptions {
  /** ms before the action is rejected with an AmiTimeoutError (a default applies). */
  timeoutMs?: number;
}

export interface AmiConnection {
  readonly status: ClientStatus;
  /** The banner's version, e.g. `11.0.0`, once connected. */
  readonly amiVersion: string | null;
  /**
   * Sends an action and resolves with its `Response: Success` (or Goodbye/Follows) message.
   * Rejects with AmiResponseError (`Response: Error`, carrying the PBX's Message), AmiTimeoutError,
   * or AmiConnectionError when the connection drops first. Never re-sent after a reconnect.
   */
  action(action: AmiAction, options?: ActionOptions): Promise<AmiMessage>;
  /** Sends a list action and collects its items until the `...Complete` event. */
  listAction(action: AmiAction, options?: ActionOptions): Promise<ListResult>;
  /** Every event (unsolicited, and list items too), in the order received. Returns an unsubscribe. */
  onEvent(listener: (event: AmiMessage) => void): () => void;
  /** Status changes. Returns an unsubscribe. */
  onStatus(listener: (status: ClientStatus, error: Error | null) => void): () => void;
  /**
   * After every successful login (the first and each reconnect), with the Login response: the agent
   * sync resets and runs its list actions again here. Returns an unsubscribe.
   */
  onLogin(listener: (response: AmiMessage) => void): () => void;
}
