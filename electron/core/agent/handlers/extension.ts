/**
 * The agent's extension: its hint (ExtensionStatus), its device (DeviceStateChange) and whether
 * the phone is registered (PJSIP ContactStatus, chan_sip PeerStatus).
 */
import type { Snapshot } from '../../../shared/snapshot.ts';
import type { Handler } from '../draft.ts';
import { CONTACT_DOWN, CONTACT_UP, DEVICE_STATE, EXTENSION_STATUS, Invalid, PEER_DOWN, PEER_UP } from '../values.ts';

export const extensionStatus: Handler = (d, m) => {
  const hint = m.get('Hint');
  if (!d.identity.isMyHint(m.get('Exten'), m.get('Context'), hint)) return;
  // After a restart every hint reports 4 with an empty Hint until FullyBooted: not the phone's word.
  if (hint === '') return;
  const status = m.get('Status') ?? '';
  const state = EXTENSION_STATUS[status];
  if (!state) throw new Invalid(`Status ${JSON.stringify(status.slice(0, 40))} is not an extension state`);
  d.hintSeen = true;
  d.patchExtension({ state });
};

export const deviceStateChange: Handler = (d, m) => {
  if (!d.identity.isMyDevice(m.get('Device'))) return;
  const text = m.get('State') ?? '';
  const state = DEVICE_STATE[text];
  if (!state) throw new Invalid(`State ${JSON.stringify(text.slice(0, 40))} is not a device state`);
  const patch: Partial<Snapshot['extension']> = {};
  if (!d.hintSeen) patch.state = state;
  // Until the PBX says (ContactStatus, PeerStatus), an unavailable device is an unregistered phone.
  if (d.extension.registered === null && state !== 'unknown') patch.registered = state !== 'unavailable';
  d.patchExtension(patch);
};

export const contactStatus: Handler = (d, m) => {
  const peer = d.identity.device.slice(d.identity.device.indexOf('/') + 1);
  if (m.get('AOR') !== peer && m.get('EndpointName') !== peer) return;
  const status = m.get('ContactStatus') ?? '';
  const up = CONTACT_UP.has(status) ? true : CONTACT_DOWN.has(status) ? false : undefined;
  if (up === undefined) {
    if (status === 'Unknown') return;
    throw new Invalid(`ContactStatus ${JSON.stringify(status.slice(0, 40))} is not a contact status`);
  }
  d.setContact(m.get('URI') ?? '', up);
  const contacts = d.contacts ?? d.base.contacts;
  d.patchExtension({ registered: Object.values(contacts).some(Boolean) });
};

export const peerStatus: Handler = (d, m) => {
  if (!d.identity.isMyDevice(m.get('Peer'))) return;
  const status = m.get('PeerStatus') ?? '';
  const up = PEER_UP.has(status) ? true : PEER_DOWN.has(status) ? false : undefined;
  if (up === undefined) throw new Invalid(`PeerStatus ${JSON.stringify(status.slice(0, 40))} is not a peer status`);
  d.patchExtension({ registered: up });
};
