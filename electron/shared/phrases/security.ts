/** Secrets on the wire: plain-text AMI sessions, the MD5 login, TLS on Asterisk (doctor, settings, the popover). English; the Spanish is electron/shared/phrases/es/security.ts. */
export const securityPhrases = {
  // A session to another machine without TLS: said in Settings, the popover and by `doctor`.
  'security.plain-text':
    'The connection to the PBX at {host} is not encrypted: anyone on the network between this computer and the PBX can read your calls and callers. Ask your PBX administrator to turn on TLS.',
  'security.plain-text-secret':
    'The connection to the PBX at {host} is not encrypted and logs in with the plain secret: anyone on the network can read the AMI secret, your calls and callers. Turn on TLS, or at least the MD5 login.',
  'security.tls-howto':
    'To offer TLS on Asterisk, set in manager.conf [general]: tlsenable = yes, tlsbindaddr = 0.0.0.0:5039, tlscertfile = /etc/asterisk/keys/asterisk.pem, tlsprivatekey = /etc/asterisk/keys/asterisk.key; run "manager reload", open TCP 5039 to the desks, then turn TLS on here (port 5039).',
  // What the doctor and "Test connection" report about the login methods and TLS.
  'security.login-accepted': 'accepted',
  'security.md5-answered': 'the PBX answers the MD5 challenge',
  'security.md5-no-answer': 'the PBX does not answer the MD5 challenge ({reason})',
  'security.plain-not-tried': 'not tried: it would send the secret in clear text (every Asterisk accepts it)',
  'security.plain-refused': 'refused ({reason})',
  'security.tls-in-use': 'in use',
  'security.tls-trusted': 'offered on port {port}, certificate trusted',
  'security.tls-untrusted': 'offered on port {port}, but this computer does not trust its certificate ({detail}): give its CA file',
  'security.tls-not-offered': 'not offered on port {port} ({detail})',
  // The MD5 login asked for, and the PBX does not do it.
  'security.with-howto': '{warning} {howto}',
  'security.md5-refused': 'the PBX does not offer the MD5 login ({reason}): set the login method to plain, preferably over TLS',
} as const;
