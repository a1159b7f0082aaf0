/**
 * A PBX that floods one list answer (a hostile PBX, or bytes written into a plain-text 5038
 * session): QueueStatus answered with 40 QueueMember items of 512 KB (20 MB) while `flood()` says
 * so, and every list the agent's sync asks answered empty otherwise.
 */
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { ScriptedAmiServer, type ScriptedConnection } from './scripted-ami-server.ts';

export const FLOOD_ITEMS = 40;
export const FLOOD_ITEM_BYTES = 512 * 1024;

export async function startFloodServer(flood: () => boolean): Promise<ScriptedAmiServer> {
  const server = await ScriptedAmiServer.start();
  const emptyList = (complete: string) => (action: AmiMessage, conn: ScriptedConnection) => {
    conn.reply(action, 'Success', { EventList: 'start', Message: 'list will follow' });
    conn.event(complete, { ActionID: action.get('ActionID')!, EventList: 'Complete', ListItems: '0' });
  };
  return server
    .on('QueueStatus', (action, conn) => {
      if (!flood()) return emptyList('QueueStatusComplete')(action, conn);
      conn.reply(action, 'Success', { EventList: 'start', Message: 'Queue status will follow' });
      const item = `Event: QueueMember\r\nActionID: ${action.get('ActionID')!}\r\nQueue: support\r\nName: ${'x'.repeat(FLOOD_ITEM_BYTES)}\r\n\r\n`;
      for (let i = 0; i < FLOOD_ITEMS; i++) conn.raw(item);
    })
    .on('ExtensionState', (action, conn) =>
      conn.reply(action, 'Success', {
        Message: 'Extension Status',
        Exten: '1001',
        Context: 'ext-local',
        Hint: 'PJSIP/1001',
        Status: '0',
        StatusText: 'Idle',
      }),
    )
    .on('DeviceStateList', emptyList('DeviceStateListComplete'))
    .on('CoreShowChannels', emptyList('CoreShowChannelsComplete'));
}
