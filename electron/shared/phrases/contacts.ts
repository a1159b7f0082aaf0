/** The contacts directory (electron/core/contacts) and where the agent searches it. English; the Spanish is electron/shared/phrases/es/contacts.ts. */
export const contactsPhrases = {
  'contacts.reason.url':
    'must be an https address (http only on this machine) with {query} where the typed text goes, and no user name or password',
  'contacts.reason.csv-path': 'must be a full path, such as /home/agent/contacts.csv or C:\\Users\\agent\\contacts.csv',
  'contacts.query.bad': 'A contacts search is at most {max} characters of plain text.',
  'contacts.csv.unreadable': 'The contacts file cannot be read ({why}): no contacts from it.',
  'contacts.csv.too-big': 'The contacts file is larger than {max} KB: no contacts are read from it.',
  'contacts.csv.too-many-rows': 'The contacts file has more than {max} rows: only the first {max} are searched.',
  'contacts.csv.skipped': '{count} rows of the contacts file were skipped (no name, or no number with digits).',
  'contacts.http.url': 'The contacts search URL cannot be used: {why}',
  'contacts.http.timeout': 'The contacts search did not answer within {ms} ms: no contacts from it.',
  'contacts.http.failed': 'The contacts search failed ({why}): no contacts from it.',
  'contacts.http.status': 'The contacts search answered HTTP {status}: no contacts from it.',
  'contacts.http.too-long': 'The contacts search answered more than {max} bytes: its answer is ignored.',
  'contacts.http.not-json': 'The contacts search did not answer JSON: its answer is ignored.',
  'contacts.http.shape':
    'The contacts search did not answer a list of contacts (a JSON array of {"name", "number"}): its answer is ignored.',

  // The dialer's and the palette's results (renderer/src/components/ContactResults.svelte, lib/commands.ts).
  'contacts.ui.title': 'Contacts',
  'contacts.ui.pick': 'Put {name}’s number in the dialer',
  'contacts.cmd.dial': 'Call {name} ({number})',
  'contacts.cmd.transfer': 'Transfer to {name} ({number})',

  // The Settings window's section.
  'contacts.ui.section': 'Contacts',
  'contacts.ui.section-help': 'Contacts the dialer and the command palette find as the agent types a name.',
  'contacts.ui.csv': 'Contacts file (CSV)',
  'contacts.ui.csv-help':
    'The full path of a UTF-8 CSV file with a header row naming the columns name and number (comma, semicolon or tab separated). Empty: none.',
  'contacts.ui.url': 'Contacts search URL',
  'contacts.ui.csv-error': 'Write the full path, such as /home/agent/contacts.csv or C:\\Users\\agent\\contacts.csv.',
  'contacts.ui.url-error':
    'An https address (http only on this machine) with {query} where the typed text goes, and no user name or password.',
  'contacts.ui.url-help':
    'An https address that answers a JSON array of {"name", "number"}; {query} is replaced by what the agent typed. Empty: none.',
} as const;
