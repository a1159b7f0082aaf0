/**
 * The relay ingest case's AMI connection: the generated 500-agent stream (stream.ts) comes in as
 * events, pushed by the bench, and the relay's sync is answered as a PBX at rest would answer it:
 * no calls, every phone idle, and the four queues of stream.ts, whose calls reach any agent from
 * any queue: every agent is a member of all four (support and billing as PJSIP/N, sales and
 * retention as FreePBX's Local/N@from-queue/n), so a caller joining a queue concerns all 500.
 * No socket: what is measured is the relay's own work (routing, engines, snapshots, publishing).
 */
import type { AmiAction } from '../../../electron/core/ami/action.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import type { AmiConnection, ClientStatus, ListResult } from '../../../electron/core/ami/types.ts';
import { queueMemberItem } from '../../../electron/core/demo/events.ts';
import { FIRST_AGENT } from '../stream.ts';

type Pairs = Array<[string, string]>;

const QUEUES = [
  { queue: 'support', local: false },
  { queue: 'sales', local: true },
  { queue: 'billing', local: false },
  { queue: 'retention', local: true },
];

export class StreamConnection implements AmiConnection {
  readonly status: ClientStatus = 'connected';
  readonly amiVersion = '11.0.0';
  private readonly listeners = new Set<(event: AmiMessage) => void>();
  private nextId = 1;

  constructor(private readonly agents: number) {}

  /** One event of the stream, to every listener (the relay's router, its shared lists). */
  emit(event: AmiMessage): void {
    for (const listener of this.listeners) listener(event);
  }

  action(action: AmiAction): Promise<AmiMessage> {
    const id: Pairs = [['ActionID', `bench-${this.nextId++}`]];
    if (action.name === 'ExtensionState') {
      const exten = action.get('Exten') ?? '';
      return Promise.resolve(
        AmiMessage.from([
          ['Response', 'Success'],
          ...id,
          ['Message', 'Extension Status'],
          ['Exten', exten],
          ['Context', action.get('Context') ?? 'ext-local'],
          ['Hint', `PJSIP/${exten}`],
          ['Status', '0'],
          ['StatusText', 'Idle'],
        ]),
      );
    }
    return Promise.resolve(AmiMessage.from([['Response', 'Success'], ...id]));
  }

  listAction(action: AmiAction): Promise<ListResult> {
    const id: Pairs = [['ActionID', `bench-${this.nextId++}`]];
    const items = action.name === 'QueueStatus' ? this.queueStatus(action.get('Member'), id) : [];
    return Promise.resolve({
      response: AmiMessage.from([['Response', 'Success'], ...id, ['EventList', 'start'], ['Message', 'Will follow']]),
      items,
      complete: AmiMessage.from([
        ['Event', `${action.name}Complete`],
        ...id,
        ['EventList', 'Complete'],
        ['ListItems', String(items.length)],
      ]),
    });
  }

  private queueStatus(member: string | undefined, id: Pairs): AmiMessage[] {
    const items: AmiMessage[] = [];
    for (const queue of ['support', 'sales', 'billing', 'retention']) {
      items.push(
        AmiMessage.from([['Event', 'QueueParams'], ['Queue', queue], ['Max', '0'], ['Strategy', 'rrmemory'], ['Calls', '0'], ...id]),
      );
    }
    for (let agent = FIRST_AGENT; agent < FIRST_AGENT + this.agents; agent++) {
      for (const { queue, local } of QUEUES) {
        const iface = local ? `Local/${agent}@from-queue/n` : `PJSIP/${agent}`;
        if (member !== undefined && member !== iface) continue;
        const item = queueMemberItem({
          queue,
          name: `Agent ${agent}`,
          iface,
          stateInterface: local ? `hint:${agent}@ext-local` : `PJSIP/${agent}`,
          membership: 'static',
          penalty: 0,
          callsTaken: 0,
          lastCall: 0,
          lastPause: 0,
          loginTime: 1795660000,
          status: 1,
          paused: false,
          pausedReason: '',
          ringinuse: false,
        });
        items.push(AmiMessage.from([['Event', 'QueueMember'], ...item, ...id]));
      }
    }
    return items;
  }

  onEvent(listener: (event: AmiMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(): () => void {
    return () => {};
  }

  onLogin(): () => void {
    return () => {};
  }
}
