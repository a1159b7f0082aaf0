/** The snapshot as the renderer holds it: replaced whole on every change, read through derived values. */
import type { Snapshot } from '@shared/snapshot.ts';
import type { RendererBridge } from './bridge.ts';
import { agentStatus, currentCall, pauseReason } from '@shared/agent-status.ts';

export class CompanionState {
  snapshot = $state.raw<Snapshot | null>(null);
  readonly bridge: RendererBridge;

  readonly status = $derived(agentStatus(this.snapshot));
  readonly call = $derived(this.snapshot ? currentCall(this.snapshot) : null);
  readonly otherCalls = $derived(this.snapshot ? this.snapshot.calls.length - (this.call ? 1 : 0) : 0);
  readonly memberQueues = $derived(this.snapshot?.queues.filter((q) => q.member) ?? []);
  readonly pausedEverywhere = $derived(this.memberQueues.length > 0 && this.memberQueues.every((q) => q.paused));
  readonly pausedAnywhere = $derived(this.memberQueues.some((q) => q.paused));
  readonly pauseReason = $derived(this.snapshot ? pauseReason(this.snapshot) : '');
  readonly live = $derived(this.snapshot?.connection.status === 'live');

  constructor(bridge: RendererBridge) {
    this.bridge = bridge;
  }

  /** Subscribes first, then asks for the current snapshot, so no change is missed in between. */
  start(): () => void {
    let gotPush = false;
    const unsubscribe = this.bridge.onSnapshot((snapshot) => {
      gotPush = true;
      this.snapshot = snapshot;
    });
    this.bridge.getSnapshot().then(
      (snapshot) => {
        if (!gotPush) this.snapshot = snapshot;
      },
      () => {
        // The push subscription still brings the first snapshot; the header says it is waiting.
      },
    );
    return unsubscribe;
  }
}
