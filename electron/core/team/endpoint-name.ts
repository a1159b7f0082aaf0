/**
 * A colleague's name from its phone's settings on the PBX: the caller ID of its endpoint. chan_sip
 * answers `SIPshowpeer` with one response carrying `Callerid: "Agent One" <1001>` (fixture
 * asterisk-18/S01); res_pjsip answers `PJSIPShowEndpoint` with a list whose EndpointDetail event
 * carries the same field. Both write it as Asterisk's ast_callerid_merge does: `"name" <number>`,
 * or the name alone, or the number alone.
 */
import { AmiAction } from '../ami/action.ts';
import type { AmiConnection } from '../ami/types.ts';

/** Asks the PBX the caller ID name of `exten`'s endpoint; '' when it has none. Rejects as the action does. */
export type EndpointNameLookup = (connection: AmiConnection, exten: string) => Promise<string>;

/** The lookup for phones of the agent's device's technology (`SIP/1001`, `PJSIP/1001`); null for any other (IAX2). */
export function endpointNameLookup(device: string): EndpointNameLookup | null {
  const technology = /^([A-Z0-9]+)\//i.exec(device)?.[1]?.toUpperCase();
  if (technology === 'SIP') {
    return async (connection, exten) => {
      const response = await connection.action(AmiAction.build('SIPshowpeer', { Peer: exten }));
      return nameOfCallerId(response.get('Callerid') ?? '');
    };
  }
  if (technology === 'PJSIP') {
    return async (connection, exten) => {
      const { items } = await connection.listAction(AmiAction.build('PJSIPShowEndpoint', { Endpoint: exten }));
      return nameOfCallerId(items.find((item) => item.name === 'EndpointDetail')?.get('Callerid') ?? '');
    };
  }
  return null;
}

/** The name in `"Agent One" <1001>` (or `Agent One <1001>`, or `Agent One`); '' for `<1001>`. */
export function nameOfCallerId(callerId: string): string {
  const text = callerId.trim();
  const quoted = /^"(.*)"\s*<[^<>]*>$/.exec(text);
  if (quoted) return quoted[1]!;
  return text.replace(/\s*<[^<>]*>$/, '');
}
