/**
 * A small typed ARI client over HTTP (http.ts): the resources the app uses, by name, as in
 * ari-client (`client.channels.originate(...)`), without its dependency tree or its logging.
 *
 *   const ari = new AriClient({ url: 'http://127.0.0.1:8088', username: 'ariuser', secret });
 *   await ari.asterisk.info();
 *   const channel = await ari.channels.originate({ endpoint: 'PJSIP/1001', extension: '600', context: 'from-internal' });
 *   await ari.channels.hangup(channel.id);
 *
 * Every id passes through path.ts (encoded, or refused with `/`, CR, LF, NUL); every failure is an
 * AriError with a sentence (401: wrong user or password; 404: Asterisk's "Channel not found").
 */
import { phrase, type Phrase } from '../../shared/phrases/index.ts';
import { AriHttp, type AriConnectionOptions } from './http.ts';
import { endpointValue, queryValue, segment, splitEndpoint } from './path.ts';
import type {
  AriApplication,
  AriAsteriskInfo,
  AriBridge,
  AriChannel,
  AriDeviceState,
  AriEndpoint,
  AriLiveRecording,
  AriModule,
} from './types.ts';
import { AriError } from './errors.ts';

export type AriClientOptions = AriConnectionOptions;

export interface OriginateOptions {
  /** What to call first, e.g. the agent's phone `PJSIP/1001`. */
  endpoint: string;
  /** Then continue in the dialplan at extension/context/priority... */
  extension?: string;
  context?: string;
  priority?: number;
  label?: string;
  /** ...or hand the answered channel to a Stasis application. */
  app?: string;
  appArgs?: string;
  /** Shown on the called phone, e.g. `Ada <+34912345678>`. */
  callerId?: string;
  /** Seconds to wait for an answer. */
  timeout?: number;
  channelId?: string;
  otherChannelId?: string;
  originator?: string;
  variables?: Record<string, string>;
}

/** Snoop directions: `in` is what the channel sends to Asterisk, `out` what Asterisk sends to it. */
export type SnoopDirection = 'none' | 'both' | 'out' | 'in';

export interface SnoopOptions {
  spy?: SnoopDirection;
  whisper?: SnoopDirection;
  /** The Stasis application that receives the snoop channel (required by Asterisk). */
  app: string;
  appArgs?: string;
  snoopId?: string;
}

export interface RecordOptions {
  name: string;
  format?: string;
  maxDurationSeconds?: number;
  maxSilenceSeconds?: number;
  ifExists?: 'fail' | 'overwrite' | 'append';
  beep?: boolean;
  terminateOn?: 'none' | 'any' | '*' | '#';
}

const DIRECTIONS = new Set<SnoopDirection>(['none', 'both', 'out', 'in']);
// A channel variable's name: letters, digits, _ and the inheritance underscores; or a function call such as CALLERID(num).
const VARIABLE_NAME = /^[A-Za-z0-9_]{1,80}(\([A-Za-z0-9_,-]{0,80}\))?$/;

export class AriClient {
  readonly http: AriHttp;

  constructor(options: AriClientOptions) {
    this.http = new AriHttp(options);
  }

  readonly asterisk = {
    info: async (): Promise<AriAsteriskInfo> => this.http.request('GET', '/asterisk/info'),
    /** Needs res_ari_asterisk; each module with its status ("Running"). */
    modules: async (): Promise<AriModule[]> => this.http.request('GET', '/asterisk/modules'),
  };

  readonly channels = {
    list: async (): Promise<AriChannel[]> => this.http.request('GET', '/channels'),
    get: async (id: string): Promise<AriChannel> => this.http.request('GET', `/channels/${segment(id, 'channel id')}`),
    originate: async (options: OriginateOptions): Promise<AriChannel> => {
      if (!options.app && !options.extension) fail(phrase('ari.originate-target'));
      if (options.priority !== undefined && !(Number.isInteger(options.priority) && options.priority > 0)) fail(phrase('ari.priority'));
      if (options.timeout !== undefined && !(Number.isInteger(options.timeout) && options.timeout > 0)) fail(phrase('ari.timeout-seconds'));
      return this.http.request('POST', '/channels', {
        query: {
          endpoint: endpointValue(options.endpoint),
          extension: options.extension,
          context: options.context,
          priority: options.priority,
          label: options.label,
          app: options.app === undefined ? undefined : decodeURIComponent(segment(options.app, 'application name')),
          appArgs: options.appArgs,
          callerId: options.callerId,
          timeout: options.timeout,
          channelId: options.channelId,
          otherChannelId: options.otherChannelId,
          originator: options.originator,
        },
        body: options.variables ? { variables: checkVariables(options.variables) } : undefined,
      });
    },
    /** DELETE /channels/{id}; reason `normal`, `busy`, `congestion`, `no_answer`... */
    hangup: async (id: string, reason = 'normal'): Promise<null> =>
      this.http.request('DELETE', `/channels/${segment(id, 'channel id')}`, { query: { reason } }),
    getVariable: async (id: string, variable: string): Promise<string> => {
      if (!VARIABLE_NAME.test(variable)) fail(phrase('ari.not-variable', { name: String(variable).slice(0, 80) }));
      const answer = await this.http.request<{ value?: unknown }>('GET', `/channels/${segment(id, 'channel id')}/variable`, {
        query: { variable },
      });
      return typeof answer?.value === 'string' ? answer.value : '';
    },
    /** A snoop channel on `id` into `app`: spy (listen) and/or whisper (speak) in a direction. */
    snoop: async (id: string, options: SnoopOptions): Promise<AriChannel> => {
      for (const [field, value] of [
        ['spy', options.spy],
        ['whisper', options.whisper],
      ] as const) {
        if (value !== undefined && !DIRECTIONS.has(value)) fail(phrase('ari.snoop-direction', { field }));
      }
      return this.http.request('POST', `/channels/${segment(id, 'channel id')}/snoop`, {
        query: {
          spy: options.spy,
          whisper: options.whisper,
          app: decodeURIComponent(segment(options.app, 'application name')),
          appArgs: options.appArgs,
          snoopId: options.snoopId,
        },
      });
    },
    /** Starts a live recording of a channel in Stasis (409 otherwise). */
    record: async (id: string, options: RecordOptions): Promise<AriLiveRecording> =>
      this.http.request('POST', `/channels/${segment(id, 'channel id')}/record`, {
        query: {
          name: decodeURIComponent(segment(options.name, 'recording name')),
          format: options.format ?? 'wav',
          maxDurationSeconds: options.maxDurationSeconds,
          maxSilenceSeconds: options.maxSilenceSeconds,
          ifExists: options.ifExists ?? 'fail',
          beep: options.beep,
          terminateOn: options.terminateOn,
        },
      }),
  };

  readonly bridges = {
    list: async (): Promise<AriBridge[]> => this.http.request('GET', '/bridges'),
    get: async (id: string): Promise<AriBridge> => this.http.request('GET', `/bridges/${segment(id, 'bridge id')}`),
    create: async (options: { type?: string; name?: string; bridgeId?: string } = {}): Promise<AriBridge> =>
      this.http.request('POST', '/bridges', { query: { type: options.type ?? 'mixing', name: options.name, bridgeId: options.bridgeId } }),
    addChannel: async (bridgeId: string, channelIds: string | string[], options: { role?: string } = {}): Promise<null> =>
      this.http.request('POST', `/bridges/${segment(bridgeId, 'bridge id')}/addChannel`, {
        query: { channel: idList(channelIds), role: options.role },
      }),
    removeChannel: async (bridgeId: string, channelIds: string | string[]): Promise<null> =>
      this.http.request('POST', `/bridges/${segment(bridgeId, 'bridge id')}/removeChannel`, { query: { channel: idList(channelIds) } }),
    destroy: async (id: string): Promise<null> => this.http.request('DELETE', `/bridges/${segment(id, 'bridge id')}`),
  };

  readonly endpoints = {
    list: async (technology?: string): Promise<AriEndpoint[]> =>
      this.http.request('GET', technology === undefined ? '/endpoints' : `/endpoints/${segment(technology, 'endpoint technology')}`),
    /** `PJSIP/1001`: technology and resource are two path segments. */
    get: async (endpoint: string): Promise<AriEndpoint> => {
      const { technology, resource } = splitEndpoint(endpoint);
      return this.http.request('GET', `/endpoints/${encodeURIComponent(technology)}/${encodeURIComponent(resource)}`);
    },
  };

  readonly deviceStates = {
    /** Only the device states Stasis controls (`Stasis:...`); a phone's state arrives as DeviceStateChanged events. */
    list: async (): Promise<AriDeviceState[]> => this.http.request('GET', '/deviceStates'),
    get: async (name: string): Promise<AriDeviceState> => this.http.request('GET', `/deviceStates/${segment(name, 'device state name')}`),
  };

  readonly recordings = {
    live: {
      get: async (name: string): Promise<AriLiveRecording> =>
        this.http.request('GET', `/recordings/live/${segment(name, 'recording name')}`),
      stop: async (name: string): Promise<null> => this.http.request('POST', `/recordings/live/${segment(name, 'recording name')}/stop`),
      pause: async (name: string): Promise<null> => this.http.request('POST', `/recordings/live/${segment(name, 'recording name')}/pause`),
      unpause: async (name: string): Promise<null> =>
        this.http.request('DELETE', `/recordings/live/${segment(name, 'recording name')}/pause`),
      mute: async (name: string): Promise<null> => this.http.request('POST', `/recordings/live/${segment(name, 'recording name')}/mute`),
      unmute: async (name: string): Promise<null> =>
        this.http.request('DELETE', `/recordings/live/${segment(name, 'recording name')}/mute`),
      /** Stops and deletes the file. */
      cancel: async (name: string): Promise<null> => this.http.request('DELETE', `/recordings/live/${segment(name, 'recording name')}`),
    },
    stored: {
      list: async (): Promise<unknown[]> => this.http.request('GET', '/recordings/stored'),
    },
  };

  readonly applications = {
    list: async (): Promise<AriApplication[]> => this.http.request('GET', '/applications'),
    get: async (name: string): Promise<AriApplication> => this.http.request('GET', `/applications/${segment(name, 'application name')}`),
    /** Event sources such as `endpoint:PJSIP/1001`, `deviceState:PJSIP/1001`, `channel:ID`, `bridge:ID`. */
    subscribe: async (name: string, eventSources: string | string[]): Promise<AriApplication> =>
      this.http.request('POST', `/applications/${segment(name, 'application name')}/subscription`, {
        query: { eventSource: sources(eventSources) },
      }),
    unsubscribe: async (name: string, eventSources: string | string[]): Promise<AriApplication> =>
      this.http.request('DELETE', `/applications/${segment(name, 'application name')}/subscription`, {
        query: { eventSource: sources(eventSources) },
      }),
  };
}

/** Channel ids for a query (comma-separated): each checked like a path segment. */
function idList(ids: string | string[]): string {
  const list = Array.isArray(ids) ? ids : [ids];
  if (list.length === 0) fail(phrase('ari.no-channel-id'));
  return list
    .map((id) => decodeURIComponent(segment(id, 'channel id')))
    .map((id) => (id.includes(',') ? fail(phrase('ari.channel-id-comma', { id })) : id))
    .join(',');
}

const SOURCE = /^(channel|bridge|endpoint|deviceState):(.+)$/;

function sources(list: string | string[]): string {
  const all = Array.isArray(list) ? list : [list];
  if (all.length === 0) fail(phrase('ari.no-event-source'));
  return all
    .map((source) => {
      const text = queryValue(source, 'event source');
      if (!SOURCE.test(text) || text.includes(',')) return fail(phrase('ari.event-source-invalid', { source: text.slice(0, 80) }));
      return text;
    })
    .join(',');
}

function checkVariables(variables: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(name)) fail(phrase('ari.not-variable', { name: name.slice(0, 80) }));
    queryValue(value, `variable ${name}`);
  }
  return variables;
}

function fail(message: Phrase): never {
  throw new AriError('invalid-input', message);
}
