/** The call log written back to the CRM (electron/core/calllog): dispositions, notes, the outbox, the sender. English; the Spanish is electron/shared/phrases/es/call-log.ts. */
export const callLogPhrases = {
  'calllog.url-empty': 'No call-log URL is set.',
  'calllog.url-invalid': 'The call-log URL is not a URL: {url}.',
  'calllog.url-scheme': 'The call-log URL must use https (http only to this machine): {url}.',
  'calllog.url-credentials':
    'The call-log URL must not carry a user name or password: the requests are signed with the shared secret instead.',
  'calllog.url-control': 'The call-log URL holds a line break or another control character.',
  'calllog.no-secret':
    'No call-log secret is set: the CRM could not tell the records are ours (set CALL_LOG_SECRET, or the secret in Settings).',
  'calllog.note-too-long': 'The note is too long: {length} characters, at most {max}.',
  'calllog.no-code': 'Choose a disposition.',
  'calllog.unknown-code': 'There is no disposition "{code}": choose one of {codes}.',
  'calllog.bad-code': 'A disposition code is letters, digits, "-" and "_" (at most 40): "{code}" is not.',
  'calllog.no-such-call': 'The call {call} is not in the call log: only calls that ended here can get a disposition.',
  'calllog.bad-call': 'A call id is what the PBX calls the Linkedid (e.g. 1733400000.12): "{call}" is not.',
  'calllog.saved': 'Disposition saved: {code}.',
  'calllog.disk': 'The call log could not be written ({why}): the record of call {call} is not kept. Free some disk space.',
  'calllog.full': 'The call log holds {count} records the CRM has not taken yet: no more are kept until it answers.',
  'calllog.rejected': 'The CRM refused the record of call {call} (HTTP {status}): it is kept aside, not sent again. Its answer: {answer}',
  'calllog.redirected':
    'The CRM answered the record of call {call} with a redirect (HTTP {status}) to {location}: not followed. Fix the call-log URL.',

  // The popover's after-call card (renderer/src/components/AfterCallCard.svelte).
  'calllog.ui.title': 'After the call with {who}',
  'calllog.ui.disposition': 'How did it go?',
  'calllog.ui.note': 'Note',
  'calllog.ui.note-hint': 'Ctrl+Enter saves',
  'calllog.ui.save': 'Save',
  'calllog.ui.later': 'Later',
  'calllog.ui.required': 'Save a disposition to take the next call.',
  'calllog.ui.saved': 'Saved for the CRM.',
  'calllog.cmd': 'Disposition of the last call: {disposition}',
} as const;
