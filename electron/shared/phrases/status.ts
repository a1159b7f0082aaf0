/** The agent's state in words (electron/shared/agent-status.ts), as the tray and the popover say it. English; the Spanish is electron/shared/phrases/es/status.ts. */
export const statusPhrases = {
  'status.offline': 'Offline',
  'status.connecting': 'Connecting',
  'status.available': 'Available',
  'status.ringing': 'Ringing',
  'status.oncall': 'On a call',
  /** On a call the agent placed, still ringing at the far end (the popover's header). */
  'status.dialling': 'Dialling',
  'status.paused': 'Paused',
  'status.error': 'Problem',
  /** Logged out of the agent pool (Issabel's call center): no queue call reaches the agent. */
  'status.loggedout': 'Logged out',
  /** The core's own after-call work reason (a site's own reason is shown as the PBX has it). */
  'status.after-call-work': 'After-call work',
  'status.seconds-left': '{seconds} s left',
  'status.phone-not-registered': 'phone {device} is not registered',
} as const;
