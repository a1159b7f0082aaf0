/**
 * The screen pop's words to the agent as phrases: a template refused when saved (compileTemplate,
 * the settings window's preview), a URL refused at ring time (render, the pop decision), and a
 * template refused when the screen pop starts. The English of each phrase is the English sent beside
 * it; the Spanish catalog words it.
 */
import { describe, expect, it } from 'vitest';
import { previewPop } from '../../../electron/core/screenpop/preview.ts';
import { compileLookupUrl } from '../../../electron/core/screenpop/lookup.ts';
import { createScreenPop, type PopDecision } from '../../../electron/core/screenpop/screenpop.ts';
import { compileTemplate, render, type CompiledTemplate } from '../../../electron/core/screenpop/template.ts';
import { english, formatPhrase, phraseOfError, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';
import { queueCall, snapshot } from './calls.ts';

const spanish = (said: Phrase) => formatPhrase(said, spanishPhrases);

describe('a template refused when saved', () => {
  const cases: [template: string, code: string, params: Record<string, unknown> | undefined, spanishText: string][] = [
    ['', 'pop.template.empty', undefined, 'La plantilla de la dirección está vacía.'],
    ['https://crm.example/\t', 'pop.template.control', undefined, 'un carácter de control'],
    ['https://crm.example/a b', 'pop.template.spaces', undefined, 'escribe cada espacio como %20'],
    ['crm.example/', 'pop.template.no-scheme', undefined, 'debe empezar por un esquema'],
    ['crm.example/{number}', 'pop.template.placeholder-in-scheme', undefined, 'no puede formar parte del esquema'],
    [
      'javascript:alert({number})',
      'pop.template.scheme-not-allowed',
      { scheme: 'javascript', allowed: 'http:, https:' },
      'El esquema "javascript:" no está permitido. Permitidos: http:, https:.',
    ],
    ['https:crm.example/{number}', 'pop.template.write-slashes', { scheme: 'https' }, 'Escribe la dirección como https://servidor/...'],
    ['https:///x', 'pop.template.no-host', undefined, 'no tiene servidor'],
    ['https://{number}.crm.example/', 'pop.template.placeholder-in-host', undefined, 'no puede formar parte del servidor'],
    ['https://crm.example/}', 'pop.template.stray-close', { position: 21 }, 'La "}" de la posición 21 no cierra ningún marcador.'],
    ['https://crm.example/{number', 'pop.template.unclosed', { position: 21 }, 'La "{" de la posición 21 no se cierra con una "}".'],
    [
      'https://crm.example/?x={nope}',
      'pop.template.unknown-placeholder',
      { placeholder: '{nope}', known: expect.stringContaining('var.NAME') },
      'Marcador desconocido {nope}. Se conocen:',
    ],
  ];

  it.each(cases)('%j: %s', (template, code, params, spanishText) => {
    const compiled = compileTemplate(template);
    if (compiled.ok) throw new Error('compiled');
    expect(compiled.phrase).toEqual(params ? { code, params } : { code });
    expect(english(compiled.phrase)).toBe(compiled.error);
    expect(spanish(compiled.phrase)).toContain(spanishText);
    // The settings window's preview says the same.
    expect(previewPop(template)).toEqual({ ok: false, error: compiled.error, phrase: compiled.phrase });
  });

  it('the caller lookup allows only {number}, and says which it allows', () => {
    const compiled = compileLookupUrl('https://crm.example/api?n={name}');
    if (compiled.ok) throw new Error('compiled');
    expect(compiled.phrase).toEqual({
      code: 'pop.template.placeholder-not-allowed',
      params: { placeholder: '{name}', allowed: '{number}' },
    });
    expect(spanish(compiled.phrase)).toBe('El marcador {name} no se puede usar aquí. Permitidos: {number}.');
  });

  it('keeps the Spanish free of "; ", which separates one settings field\'s error from the next', () => {
    const codes = Object.keys(spanishPhrases).filter((code) => code.startsWith('pop.template.'));
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code) => spanishPhrases[code as keyof typeof spanishPhrases].includes('; '))).toEqual([]);
  });
});

describe('a URL refused at ring time', () => {
  const compiled = (source: string): CompiledTemplate => {
    const result = compileTemplate(source);
    if (!result.ok) throw new Error(result.error);
    return result.template;
  };

  it.each([
    [
      { ...compiled('https://crm.example/c?n={number}'), allowedSchemes: ['http'] },
      { code: 'pop.render.scheme-not-allowed', params: { scheme: 'https:' } },
      'El esquema "https:" no está permitido.',
    ],
    [
      { ...compiled('https://crm.example/c?n={number}'), host: 'other.example' },
      { code: 'pop.render.moved' },
      'La dirección resultante cambió su esquema o su servidor.',
    ],
    [
      { ...compiled('https://crm.example/c?n={number}'), maxLength: 30 },
      { code: 'pop.render.too-long', params: { max: 30 } },
      'La dirección tendría más de 30 caracteres.',
    ],
  ])('%#', (template, said, spanishText) => {
    const rendered = render(template, queueCall());
    if (rendered.ok) throw new Error(rendered.url);
    expect(rendered.phrase).toEqual(said);
    expect(english(rendered.phrase)).toBe(rendered.reason);
    expect(spanish(rendered.phrase)).toBe(spanishText);
  });

  it('the pop decision carries the refusal as a phrase beside the English', async () => {
    const decisions: PopDecision[] = [];
    const pop = createScreenPop({ template: 'https://crm.example/c?id={var.CUSTOMER_ID}', open: (d) => decisions.push(d) });
    await pop.onSnapshot(snapshot([queueCall({ vars: { CUSTOMER_ID: 'x'.repeat(40_000) } })]));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      url: null,
      error: 'The URL would be longer than 32768 characters.',
      errorPhrase: { code: 'pop.render.too-long', params: { max: 32768 } },
    });
  });
});

describe('a template refused when the screen pop starts', () => {
  it.each([
    [
      { template: 'https://crm.example/?x={nope}' },
      'pop.template.refused',
      'Dirección de la ficha del cliente: Marcador desconocido {nope}.',
    ],
    [
      { template: 'https://crm.example/', lookup: { url: 'https://crm.example/?n={name}' } },
      'pop.lookup.refused',
      'Dirección de la búsqueda del llamante: El marcador {name} no se puede usar aquí.',
    ],
  ])('%#: %s', (options, code, spanishText) => {
    let thrown: unknown;
    try {
      createScreenPop({ ...options, open: () => undefined });
    } catch (error) {
      thrown = error;
    }
    const said = phraseOfError(thrown);
    expect(said.code).toBe(code);
    expect(english(said)).toBe((thrown as Error).message);
    expect(spanish(said)).toContain(spanishText);
  });
});
