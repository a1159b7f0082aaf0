/** The doctor's checks (electron/core/doctor/checks.ts, electron/core/ari/test-connection.ts) where they are the app's words, not the PBX's. English; the Spanish is electron/shared/phrases/es/doctor.ts. */
export const doctorPhrases = {
  'doctor.missing-action': 'missing on this PBX (module not loaded?)',
  'doctor.no-fully-booted': 'no FullyBooted event after login (read = system missing, or an eventfilter drops it)',
  'doctor.ari-auth': '{why}: check the [user] section of ari.conf',
  'doctor.ari-not-found': '{why}: no ARI at this URL (ari.conf enabled = yes? http.conf prefix?)',
  'doctor.ari-old': 'Asterisk {version} is older than 16 (supported: 16 to 22): some ARI resources and events may be missing',
  'doctor.ari-module': '{state}: {feature} will not work',
  'doctor.ari-write': '{why}: dial and hang up will not work',
  'doctor.ari-events': "{why}: the agent's state and calls will not show",
  'doctor.feature.res_ari_channels': 'calls, click-to-dial and hang up',
  'doctor.feature.res_ari_endpoints': 'the phone registered or not',
  'doctor.feature.res_ari_applications': "subscriptions to the agent's endpoint and device state",
  'doctor.feature.res_ari_events': 'the events WebSocket',
  'doctor.feature.res_ari_device_states': 'device states',
  'doctor.feature.res_ari_bridges': 'supervisor listen and whisper',
  'doctor.feature.res_ari_recordings': 'recording control of Stasis calls',
  'doctor.not-loaded': 'not loaded',
  'doctor.not-loaded-404': 'not loaded (404)',
  'doctor.nats-unreachable': 'cannot be reached ({why}): is nats-server running there, and is its port open to this desk?',
  'doctor.nats-refused':
    'refused the credential of {user} ({why}): give this desk the seed relay --print-nats-conf printed for it, and that config to this server',
  'doctor.nats-no-subscribe':
    'the NATS server does not let {user} subscribe to {subjects}: give it the permissions relay --print-nats-conf prints',
  'doctor.nats-no-publish':
    'the NATS server does not let {user} publish to {subjects}: give it the permissions relay --print-nats-conf prints',
  'doctor.relay-no-answer': 'no relay answered for {extension} ({why}): is pbx-companion relay running on these NATS servers?',
  'doctor.relay-refused': 'the relay answered for {extension}, but: {why}',
} as const;
