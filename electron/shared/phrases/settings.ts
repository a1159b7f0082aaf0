/** The settings file, the admin defaults and the keychain (electron/core/settings, electron/core/credentials). English; the Spanish is electron/shared/phrases/es/settings.ts. */
export const settingsPhrases = {
  // Told once at start-up (SettingsNotice) and shown in the settings window.
  'settings.notice.admin-partly': "Parts of your administrator's defaults were ignored: {why}.",
  'settings.notice.admin-ignored': "Your administrator's defaults were ignored: {why}.",
  'settings.notice.newer':
    'Your settings were saved by a newer version of PBX Companion (settings version {version}, this app knows {known}). They are left untouched and the app runs with defaults; changes cannot be saved until you update.',
  'settings.notice.migrated':
    'Your settings were updated from version {from} to {to}; the old file is kept as settings.json.bak on the next save.',
  'settings.notice.corrupt':
    'Your settings file could not be read ({why}). It was kept as {backup} and the app started with default settings.',
  'settings.notice.unknown-keys':
    'Your settings file has settings this version does not know ({keys}): they are ignored, and kept in the file.',
  'settings.notice.invalid-values':
    'Some of your settings were not valid, so their defaults are used: {why}. The file as it was is kept as {backup}.',
  'settings.notice.invalid-values-uncopied':
    'Some of your settings were not valid, so their defaults are used: {why}. A copy of the file could not be kept ({copyWhy}).',
  'settings.notice.unreadable-kept':
    'Your settings file {file} could not be read ({why}) and could not be moved aside ({moveWhy}). The app started with default settings; fix or remove that file to keep your changes.',

  // Why the settings file could not be read: {why} above.
  'settings.file.not-json': 'it is not valid JSON ({detail})',
  'settings.file.not-object': 'the file does not hold a JSON object',
  'settings.file.bad-version': '"version" must be a whole number, found {found}',
  'settings.file.no-migration': 'no migration from settings version {version}',
  // What the OS answered when the file (settings or history) was opened or moved: {why} above.
  'settings.file.is-folder': 'a folder is in its place',
  'settings.file.not-folder': 'part of its path is a file, not a folder',
  'settings.file.link-loop': 'it is a symbolic link that leads in a loop',
  'settings.file.denied': 'permission denied',
  'settings.file.io-error': 'the disk reported an input/output error',
  'settings.file.not-regular': 'it is not a regular file',
  'settings.file.os-error': 'the system refused it: {detail}',

  // Saving from the settings window refused.
  'settings.save.newer':
    'The settings file was written by a newer version of PBX Companion; it is left untouched. Update the app to change settings.',
  'settings.save.failed': 'Your settings could not be saved ({why}).',
  'settings.save.locked': '"{path}" is set by your administrator and cannot be changed here',
  'settings.secret-key': '"{key}" looks like a secret: secrets go to the OS keychain, never to the settings file',

  // The schema's refusals: "path: reason", up to five joined by "; " (the settings window splits them
  // back onto its fields, so a translation keeps "; " only between them).
  'settings.issue': '{path}: {reason}',
  'settings.issues.2': '{a}; {b}',
  'settings.issues.3': '{a}; {b}; {c}',
  'settings.issues.4': '{a}; {b}; {c}; {d}',
  'settings.issues.5': '{a}; {b}; {c}; {d}; {e}',
  'settings.reason.control-characters': 'must not contain control characters (such as line breaks)',
  'settings.reason.ari-app': 'letters, digits, ".", "_", "-" and {token} only',
  'settings.reason.agent': 'an agent number such as 9001: digits only',
  'settings.reason.extension': 'a dialplan extension such as 1001: up to 32 letters, digits or _ + * # . -',
  'settings.reason.relay-url':
    'a NATS server such as nats://relay.example.com:4222 or tls://relay.example.com:4222: a host and a port, no spaces, no user or password',
  'settings.reason.relay-user': 'a NATS user such as desk-1001 or desk-{token}: letters, digits, ".", "_", "-" and {token} only',
  'settings.reason.relay-needs-url': 'relay mode needs at least one NATS server',
  'settings.reason.relay-needs-user': "relay mode needs the desk's NATS user",
  'settings.reason.scheme': 'a URL scheme such as https',
  'settings.reason.https-origin': 'an https origin such as https://login.example.com (no path)',
  'settings.reason.country': 'a two-letter country code such as US or ES',
  'settings.reason.up-to-4-digits': 'up to 4 digits',
  'settings.reason.idd': 'digits only, such as 00 or 011',
  'settings.reason.digits': 'digits only',
  'settings.reason.recording-template':
    'must be a file name ending in .wav (or another audio format) with only {placeholders} as placeholders',
  'settings.reason.mixmonitor-options': 'must be MixMonitor option letters such as b, or v(2)',
  'settings.reason.calllog-url': 'must be an https address (http only on this machine) with no user name or password in it',
  'settings.reason.regex': 'must be a valid regular expression',
  'settings.reason.prefix-with-e164': 'an outbound prefix cannot be combined with E.164 dialing: no PBX route reads a prefix before a +',
  // Zod's own English for the checks the schema uses, worded the same so the English does not change.
  'settings.reason.number-max': 'Too big: expected number to be <={max}',
  'settings.reason.number-min': 'Too small: expected number to be >={min}',
  'settings.reason.text-max': 'Too big: expected string to have <={max} characters',
  'settings.reason.text-min': 'Too small: expected string to have >={min} characters',
  'settings.reason.list-max': 'Too big: expected array to have <={max} items',
  'settings.reason.wrong-type': 'Invalid input: expected {expected}, received {received}',
  'settings.reason.one-of': 'Invalid option: expected one of {values}',
  'settings.reason.expected': 'Invalid input: expected {value}',
  'settings.reason.unknown-key': 'Unrecognized key: {keys}',
  'settings.reason.unknown-keys': 'Unrecognized keys: {keys}',
  'settings.type.number': 'number',
  'settings.type.int': 'int',
  'settings.type.string': 'string',
  'settings.type.boolean': 'boolean',
  'settings.type.object': 'object',
  'settings.type.array': 'array',
  'settings.type.null': 'null',
  'settings.type.undefined': 'undefined',

  // The admin's defaults file; {file} is its path.
  'settings.admin.default-name': 'the admin defaults',
  'settings.admin.unreadable': 'cannot read the admin defaults {file}: {detail}',
  'settings.admin.not-json': 'the admin defaults {file} are not valid JSON: {detail}',
  'settings.admin.not-object': '{file}: expected a JSON object',
  'settings.admin.unknown-key': 'unknown keys {key} (expected "settings" and "locked")',
  'settings.admin.settings-not-object': '{file}: "settings" must be an object',
  'settings.admin.locked-not-list': '{file}: "locked" must be a list of field paths',
  'settings.admin.secret': '{file}: "{key}" looks like a secret; secrets belong in each desk\'s keychain',
  'settings.admin.invalid': '{file}: {why}',
  'settings.admin.unknown-locks': 'locks of settings this version does not know: {paths}',
  'settings.admin.unknown-keys': 'settings this version does not know: {keys}',

  // The OS keychain (electron/core/credentials); {detail} is the platform's own error.
  'keychain.empty-secret': 'An empty secret cannot be stored; delete it instead.',
  'keychain.bad-account': 'A keychain account name must be 1 to 512 characters.',
  'keychain.no-secret-service':
    'No Secret Service is running on this desktop, so the PBX secret cannot be kept safely. Install and start gnome-keyring (or KWallet or KeePassXC with Secret Service integration), then try again. The secret is never written to a plain file. ({detail})',
  'keychain.unreachable':
    'The system keychain cannot be reached, so the PBX secret cannot be kept safely. The secret is never written to a plain file. ({detail})',
  'keychain.denied':
    'The keychain is locked or refused access. Unlock your login keyring (or allow PBX Companion), then try again. ({detail})',
  'keychain.failed': 'The keychain failed, so the secret was not stored or read. ({detail})',

  // The call history file (electron/core/history).
  'history.unreadable': 'The call history could not be read; it was kept as {path} and a new one started.',
  'history.unreadable-why': 'The call history could not be read ({why}); it was kept as {path} and a new one started.',
  'history.not-a-history': 'it does not hold a call history',
  'history.unreadable-kept':
    'The call history {file} could not be read ({why}) and could not be moved aside ({moveWhy}); a new one started, and it is not saved until that file is fixed or removed.',
  'history.not-pending': 'That call is not waiting for a callback.',
  'history.not-saved': 'The call history could not be saved ({why}).',
} as const;
