/**
 * The ARI models the app reads, as Asterisk 22 sends them (see ../shared/fixtures/asterisk-22/
 * 13-ari-stasis.ari.jsonl). Only the fields we use are typed; Asterisk may add more. Nothing here
 * is trusted: the reducer checks every field it reads (events come from the network).
 */
export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriDialplan {
  context: string;
  exten: string;
  priority: number;
  app_name?: string;
  app_data?: string;
}

/** ARI channel states: Down, Rsrvd, OffHook, Dialing, Ring, Ringing, Up, Busy, Dialing Offhook, Pre-ring, Unknown. */
export type AriChannelState = string;

export interface AriChannel {
  id: string;
  name: string;
  state: AriChannelState;
  protocol_id?: string;
  caller: AriCallerId;
  connected: AriCallerId;
  accountcode?: string;
  dialplan: AriDialplan;
  creationtime: string;
  language?: string;
  /** Only with ari.conf `channelvars`; Asterisk 22 does not put the Linkedid in the JSON (checked in the fixture). */
  channelvars?: Record<string, string>;
  linkedid?: string;
}

export interface AriBridge {
  id: string;
  technology: string;
  bridge_type: string;
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime?: string;
  video_mode?: string;
}

export interface AriEndpoint {
  technology: string;
  resource: string;
  /** online, offline or unknown. */
  state?: string;
  channel_ids: string[];
}

export interface AriDeviceState {
  name: string;
  /** UNKNOWN, NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD. */
  state: string;
}

export interface AriLiveRecording {
  name: string;
  format: string;
  /** queued, recording, paused, done, failed, canceled. */
  state: string;
  target_uri: string;
  duration?: number;
  talking_duration?: number;
  silence_duration?: number;
  cause?: string;
}

export interface AriApplication {
  name: string;
  channel_ids: string[];
  bridge_ids: string[];
  endpoint_ids: string[];
  device_names: string[];
  events_allowed?: unknown[];
  events_disallowed?: unknown[];
}

export interface AriAsteriskInfo {
  build?: { os?: string; kernel?: string; machine?: string; options?: string; date?: string; user?: string };
  system?: { version?: string; entity_id?: string };
  config?: { name?: string; default_language?: string; max_channels?: number };
  status?: { startup_time?: string; last_reload_time?: string };
}

export interface AriModule {
  name: string;
  description?: string;
  use_count?: number;
  /** e.g. "Running", "Not Running". */
  status: string;
  support_level?: string;
}

/** An event from the WebSocket: `type` names it; the rest depends on the type. */
export interface AriEvent {
  type: string;
  timestamp?: string;
  application?: string;
  asterisk_id?: string;
  channel?: AriChannel;
  peer?: AriChannel;
  /** Dial: the channel that dials (absent for an originate). */
  caller?: AriChannel;
  bridge?: AriBridge;
  endpoint?: AriEndpoint;
  device_state?: AriDeviceState;
  recording?: AriLiveRecording;
  variable?: string;
  value?: string;
  cause?: number;
  args?: string[];
  dialstatus?: string;
  [field: string]: unknown;
}
