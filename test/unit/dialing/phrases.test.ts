/**
 * Every refusal of the dialing input (typed number, selected text, tel:/sip: link) comes with its
 * phrase: the code and parameters a shell words in the agent's language, the English of that phrase
 * being exactly the `error` sent beside it, and the Spanish catalog wording it.
 */
import { describe, expect, it } from 'vitest';
import { normalizeNumber, type DialRules } from '../../../electron/core/dialing/normalize.ts';
import { parseDialLink } from '../../../electron/core/dialing/links.ts';
import { extractNumber } from '../../../electron/core/dialing/selection.ts';
import { english, formatPhrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

const spanish = (said: Phrase | undefined) => (said ? formatPhrase(said, spanishPhrases, 'es') : null);
const SPAIN = { code: 'country', params: { iso: 'ES', name: 'Spain' } };
const ES: DialRules = { defaultCountry: 'ES' };

describe('normalizeNumber refusals', () => {
  const cases: [input: string, rules: DialRules, code: string, params: Record<string, unknown> | undefined, spanishText: string][] = [
    ['', ES, 'dial.input.empty', undefined, 'Escribe un número para marcar.'],
    ['1'.repeat(65), ES, 'dial.input.too-long', { max: 64 }, 'Es demasiado largo para ser un número de teléfono (más de 64 caracteres).'],
    ['612\n345', ES, 'dial.input.control', undefined, 'El número contiene un salto de línea u otro carácter de control.'],
    [
      '612345678',
      { defaultCountry: 'XX' },
      'dial.input.unknown-country',
      { country: 'XX' },
      'Los ajustes de marcación indican un país desconocido: "XX".',
    ],
    ['1-800-FLOWERS', ES, 'dial.input.letters', undefined, 'Un número con letras no se puede marcar'],
    ['612345678,,1', ES, 'dial.input.pause', undefined, 'Las pausas (",", "w", "p") no se pueden marcar'],
    ['612_345', ES, 'dial.input.bad-characters', { input: '612_345' }, '"612_345" no es un número de teléfono: usa dígitos y solo + * #.'],
    ['+', ES, 'dial.input.bad-characters', { input: '+' }, '"+" no es un número de teléfono'],
    ['*#', ES, 'dial.input.no-digits', { input: '*#' }, '"*#" no es un número de teléfono: no tiene dígitos.'],
    ['*72', { ...ES, allowFeatureCodes: false }, 'dial.input.feature-codes-off', undefined, 'no permiten códigos de servicio'],
    ['+34*1', ES, 'dial.input.plus-with-code', undefined, 'Un número que empieza por + no puede contener * ni #.'],
    ['612345678', { ...ES, internalPattern: '(' }, 'dial.input.bad-internal-pattern', undefined, 'no es una expresión regular válida'],
    [
      '1234567',
      ES,
      'dial.input.impossible',
      { input: '1234567', country: SPAIN },
      '"1234567" no es un número de teléfono de España ni del extranjero',
    ],
    [
      '612345678',
      { ...ES, outboundPrefix: '9', domesticFormat: 'e164' },
      'dial.input.prefix-with-e164',
      undefined,
      'combinan un prefijo de salida con números E.164',
    ],
    ['612345678', { ...ES, outboundPrefix: '99999' }, 'dial.input.bad-outbound-prefix', undefined, 'El prefijo de salida'],
    ['612345678', { ...ES, nationalTrunkPrefix: 'x' }, 'dial.input.bad-trunk-prefix', undefined, 'El prefijo nacional'],
    [
      '+44 20 7946 0958',
      { ...ES, internationalPrefix: '0x' },
      'dial.input.bad-international-prefix',
      undefined,
      'El prefijo internacional',
    ],
  ];

  it.each(cases)('%j is refused as %s', (input, rules, code, params, spanishText) => {
    const plan = normalizeNumber(input, rules);
    expect(plan.ok).toBe(false);
    expect(plan.errorPhrase).toEqual(params ? { code, params } : { code });
    expect(english(plan.errorPhrase!)).toBe(plan.error);
    expect(spanish(plan.errorPhrase)).toContain(spanishText);
  });

  it('a number that can be dialled has no error phrase', () => {
    expect(normalizeNumber('612 345 678', ES)).toMatchObject({ ok: true, dialString: '612345678' });
    expect(normalizeNumber('612 345 678', ES).errorPhrase).toBeUndefined();
    expect(normalizeNumber('612 345 678', ES).warningPhrase).toBeUndefined();
  });
});

describe('normalizeNumber warnings', () => {
  it.each([
    [
      '+34 999 99 99 99',
      ES,
      'dial.warning.unverified-in',
      { number: '+34 999 99 99 99', country: SPAIN },
      '+34 999 99 99 99 no es un número conocido en España: puede que no exista. Revisa los dígitos antes de llamar.',
    ],
    [
      '+1 555 010 9000',
      { defaultCountry: 'US' },
      'dial.warning.unverified',
      { number: '+1 555 010 9000' },
      '+1 555 010 9000 no es un número conocido: puede que no exista. Revisa los dígitos antes de llamar.',
    ],
  ] as const)('%j is dialled with the warning %s', (input, rules, code, params, spanishText) => {
    const plan = normalizeNumber(input, rules);
    expect(plan.ok).toBe(true);
    expect(plan.warningPhrase).toEqual({ code, params });
    expect(english(plan.warningPhrase!)).toBe(plan.warning);
    expect(spanish(plan.warningPhrase)).toBe(spanishText);
  });
});

describe('extractNumber refusals', () => {
  it.each([
    ['   ', { code: 'dial.input.empty-selection' }, 'No hay nada seleccionado: primero selecciona un número de teléfono.'],
    ['order A12345 shipped', { code: 'dial.input.no-number-selected' }, 'No hay ningún número de teléfono en lo seleccionado.'],
    ['x'.repeat(3000) + ' 612 345 678', { code: 'dial.input.no-number-in-first', params: { kb: 2 } }, '(se leyeron los primeros 2 KB).'],
  ])('%#: %j', (text, said, spanishText) => {
    const found = extractNumber(text, { maxChars: 2048 });
    if (found.ok) throw new Error(`found ${found.number}`);
    expect(found.phrase).toEqual(said);
    expect(english(found.phrase)).toBe(found.error);
    expect(spanish(found.phrase)).toContain(spanishText);
  });
});

describe('parseDialLink refusals', () => {
  const cases: [link: string, code: string, params: Record<string, unknown> | undefined, spanishText: string][] = [
    ['', 'dial.input.link.empty', undefined, 'El enlace está vacío.'],
    [`tel:${'1'.repeat(600)}`, 'dial.input.link.too-long', { max: 512 }, 'más de 512 caracteres'],
    ['tel:1\r\n2', 'dial.input.link.control', undefined, 'no se marcó'],
    ['mailto:a@b.example', 'dial.input.link.other-scheme', { scheme: 'mailto' }, 'Los enlaces "mailto:" no son números de teléfono'],
    ['612345678', 'dial.input.link.not-a-link', undefined, 'No es un enlace tel:, sip: ni callto:.'],
    ['tel:+1555?x=1', 'dial.input.link.extra-parts', undefined, 'lleva algo más que un número'],
    ['tel:%E0%A4%A', 'dial.input.link.bad-encoding', undefined, 'codificación con % incorrecta'],
    ['tel:1%0d%0a2', 'dial.input.link.encoded-control', undefined, 'carácter de control codificado'],
    ['tel:+1555;a b', 'dial.input.link.unexpected-part', undefined, 'una parte inesperada'],
    ['tel:+15550100;ext=1;ext=2', 'dial.input.link.repeated', { name: 'ext' }, 'El enlace repite ";ext=".'],
    ['tel:-', 'dial.input.link.no-number', undefined, 'no contiene ningún número'],
    ['tel:+15550100p22', 'dial.input.link.pause', undefined, 'Las pausas dentro de un número'],
    ['tel:1-800-FLOWERS', 'dial.input.link.letters', undefined, 'tiene letras'],
    ['sip:alice@example.com', 'dial.input.link.names-someone', { scheme: 'sip' }, 'Ese enlace sip: indica una persona o una cuenta'],
    ['tel:+15550100;ext=abc', 'dial.input.link.bad-extension', undefined, 'El ";ext=" del enlace no es un número.'],
    ['tel:+1', 'dial.input.link.bad-global', undefined, 'de 2 a 20 dígitos'],
    ['tel:12+3', 'dial.input.link.bad-local', undefined, 'usa dígitos y solo * #.'],
    ['tel:1;phone-context=+', 'dial.input.link.bad-context-number', undefined, 'no forma un número de teléfono'],
    ['tel:1;phone-context=-bad', 'dial.input.link.bad-context', undefined, 'ni un número ni un nombre de dominio'],
    ['sip:@pbx.example', 'dial.input.link.no-user', { scheme: 'sip' }, 'Ese enlace sip: no tiene ningún número antes de "@".'],
    ['sips:1001@bad_host', 'dial.input.link.bad-host', { scheme: 'sips' }, 'Ese enlace sips: no tiene un servidor válido'],
  ];

  it.each(cases)('%j is refused as %s', (link, code, params, spanishText) => {
    const parsed = parseDialLink(link);
    if (parsed.ok) throw new Error(`parsed ${parsed.number}`);
    expect(parsed.phrase).toEqual(params ? { code, params } : { code });
    expect(english(parsed.phrase)).toBe(parsed.error);
    expect(spanish(parsed.phrase)).toContain(spanishText);
  });
});
