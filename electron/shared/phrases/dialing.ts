/** Click-to-dial input (electron/core/dialing) and the screen-pop template (electron/core/screenpop). English; the Spanish is electron/shared/phrases/es/dialing.ts. */
export const dialingPhrases = {
  // What the agent typed (normalizeNumber): why it cannot be dialled.
  'dial.input.empty': 'Type a number to dial.',
  'dial.input.too-long': 'That is too long to be a phone number (more than {max} characters).',
  'dial.input.control': 'The number contains a line break or another control character.',
  'dial.input.unknown-country': 'The dialing settings name an unknown country "{country}".',
  'dial.input.bad-outbound-prefix': 'The outbound prefix in the dialing settings must be up to 4 digits.',
  'dial.input.pause': 'Pauses (",", "w", "p") cannot be dialled through the PBX: dial the number, then key the extension on the phone.',
  'dial.input.letters': 'A number with letters cannot be dialled: type the digits (letters such as 1-800-FLOWERS are not converted).',
  'dial.input.bad-characters': '"{input}" is not a phone number: use digits, and + * # only.',
  'dial.input.too-many-digits': 'That has too many digits to be a phone number.',
  'dial.input.no-digits': '"{input}" is not a phone number: it has no digits.',
  'dial.input.feature-codes-off': 'Feature codes with * or # are not allowed by the dialing settings.',
  'dial.input.plus-with-code': 'A number starting with + cannot contain * or #.',
  'dial.input.bad-internal-pattern': 'The internal extension pattern in the dialing settings is not a valid regular expression.',
  // {country} is a country phrase: its name in the language the phrase is said in.
  'dial.input.impossible': '"{input}" is not a phone number in {country} or abroad (wrong number of digits).',
  // A possible number the metadata does not know: dialled, with this warning in the preview.
  'dial.warning.unverified': '{number} is not a known number: it may not exist. Check the digits before you call.',
  'dial.warning.unverified-in': '{number} is not a known number in {country}: it may not exist. Check the digits before you call.',
  'dial.input.prefix-with-e164': 'The dialing settings combine an outbound prefix with E.164 numbers: clear one of them.',
  'dial.input.bad-trunk-prefix': 'The national trunk prefix in the dialing settings must be up to 4 digits.',
  'dial.input.bad-international-prefix': 'The international prefix in the dialing settings must be digits, e.g. 00 or 011.',

  // The hotkey's selected text (extractNumber).
  'dial.input.empty-selection': 'The selection is empty: select a phone number first.',
  'dial.input.no-number-selected': 'No phone number in the selection.',
  'dial.input.no-number-in-first': 'No phone number in the selection (read the first {kb} KB).',

  // tel:, sip: and callto: links (parseDialLink).
  'dial.input.link.unreadable': 'That link could not be read as a phone number.',
  'dial.input.link.empty': 'The link is empty.',
  'dial.input.link.too-long': 'The link is too long to be a phone number (more than {max} characters).',
  'dial.input.link.control': 'The link contains a line break or another control character: it was not dialled.',
  'dial.input.link.other-scheme': '"{scheme}:" links are not phone numbers (tel:, sip: and callto: are).',
  'dial.input.link.not-a-link': 'That is not a tel:, sip: or callto: link.',
  'dial.input.link.extra-parts': 'The link carries more than a number (query or extra parts): it was not dialled.',
  'dial.input.link.bad-encoding': 'The link has broken percent-encoding.',
  'dial.input.link.encoded-control': 'The link contains an encoded line break or control character: it was not dialled.',
  'dial.input.link.unexpected-part': 'The link has an unexpected part after the number: it was not dialled.',
  'dial.input.link.repeated': 'The link repeats ";{name}=".',
  'dial.input.link.no-number': 'The link has no number in it.',
  'dial.input.link.pause': 'Pauses in a number cannot be dialled through the PBX: dial the number, then key the rest on the phone.',
  'dial.input.link.letters': 'The link has letters in its number: only digits can be dialled.',
  'dial.input.link.names-someone': 'That {scheme}: link names a person or an account, not a phone number.',
  'dial.input.link.bad-extension': 'The ";ext=" of the link is not a number.',
  'dial.input.link.bad-global': 'The link\'s number is not a phone number (a "+" number has 2 to 20 digits and nothing else).',
  'dial.input.link.bad-local': "The link's number is not a phone number: use digits, and * # only.",
  'dial.input.link.bad-context-number': "The link's phone-context does not make a phone number.",
  'dial.input.link.bad-context': "The link's phone-context is neither a number nor a domain name.",
  'dial.input.link.no-user': 'That {scheme}: link has no number before "@".',
  'dial.input.link.bad-host': 'That {scheme}: link has no valid host after "@".',

  // The screen pop's URL template, checked when saved (compileTemplate). {placeholder} carries its braces.
  'pop.template.empty': 'The URL template is empty.',
  'pop.template.control': 'The URL template contains a control character (a tab or a line break?).',
  'pop.template.spaces': 'The URL template contains spaces; write a space as %20.',
  'pop.template.placeholder-not-allowed': 'The placeholder {placeholder} cannot be used here; allowed: {allowed}.',
  'pop.template.no-scheme': 'The URL template must start with a scheme, e.g. https://',
  'pop.template.placeholder-in-scheme': 'A placeholder cannot be part of the scheme: write it out, e.g. https://',
  'pop.template.scheme-not-allowed': 'The scheme "{scheme}:" is not allowed; allowed: {allowed}.',
  'pop.template.write-slashes': 'Write the address as {scheme}://host/...',
  'pop.template.no-host': 'The URL template has no host.',
  'pop.template.placeholder-in-host':
    'A placeholder cannot be part of the host: values may go only in the path, the query or the fragment.',
  'pop.template.invalid-url': 'The URL template is not a valid URL.',
  'pop.template.stray-close': 'A "}" at position {position} closes no placeholder.',
  'pop.template.unclosed': 'The "{" at position {position} is not closed by a "}".',
  'pop.template.unknown-placeholder': 'Unknown placeholder {placeholder}; known: {known}.',
  // A template refused when the screen pop starts; {why} is one of the above.
  'pop.template.refused': 'Screen pop URL: {why}',
  'pop.lookup.refused': 'Caller lookup URL: {why}',

  // One call's URL refused at ring time (render).
  'pop.render.too-long': 'The URL would be longer than {max} characters.',
  'pop.render.unparsable': 'The rendered URL does not parse.',
  'pop.render.scheme-not-allowed': 'The scheme "{scheme}" is not allowed.',
  'pop.render.moved': 'The rendered URL changed its scheme or host.',
  'pop.render.failed': 'The URL could not be rendered: {why}',
} as const;
