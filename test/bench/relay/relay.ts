/**
 * The relay for the bench, in a process of its own: one AmiClient logged in to the PBX and
 * startRelay serving the agents on NATS, as `pbx-companion relay` does (connected with the relay's
 * inbox prefix and the same short reconnect wait), without the command's lease, so it runs on a
 * plain nats-server. Run by fork(): argv[2] = JSON `{ port, agents, servers }`; says
 * `{ type: 'serving' }` once startRelay has subscribed; ends when its parent disconnects.
 */
import { connect } from '@nats-io/transport-node';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { startRelay } from '../../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../../electron/core/relay/subjects.ts';

const { port, agents, servers } = JSON.parse(process.argv[2]!) as { port: number; agents: string[]; servers: string[] };
const nats = await connect({
  servers,
  inboxPrefix: RELAY_INBOX_PREFIX,
  name: 'pbx-companion relay',
  maxReconnectAttempts: -1,
  reconnectTimeWait: 250,
});
const client = new AmiClient({ host: '127.0.0.1', port, username: 'bench', secret: 'bench' });
const relay = await startRelay({ connection: client, nats, agents });
await client.connect();
process.send!({ type: 'serving' });
process.on('disconnect', () => {
  void (async () => {
    await relay.stop();
    await client.close();
    await nats.close();
    process.exit(0);
  })();
});
