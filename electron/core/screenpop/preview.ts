/**
 * The settings window's screen-pop preview: the template compiled exactly as the screen pop compiles
 * it (so an unknown placeholder or a refused scheme is an error at save time, not at ring time) and
 * rendered for one sample queue call with the data an IVR would have collected.
 */
import { compileTemplate, render } from './template.ts';
import type { PopPreview } from '../../shared/bridge.ts';
import type { CallInfo } from '../../shared/snapshot.ts';

export const SAMPLE_CALL: CallInfo = {
  id: '1718000000.42',
  uniqueid: '1718000000.43',
  channel: 'PJSIP/1001-0000002a',
  direction: 'inbound',
  state: 'ringing',
  remote: { number: '+34912345678', name: 'María José Núñez' },
  queue: 'support',
  did: '+34910000000',
  vars: { CUSTOMER_ID: 'C-20931', CUSTOMER_NAME: 'María José Núñez' },
  recording: 'off',
  startedAt: 0,
  answeredAt: null,
};

export function previewPop(template: string, options: { allowedSchemes?: readonly string[]; extension?: string } = {}): PopPreview {
  const compiled = compileTemplate(template, options.allowedSchemes ? { allowedSchemes: options.allowedSchemes } : {});
  if (!compiled.ok) return { ok: false, error: compiled.error, phrase: compiled.phrase };
  const rendered = render(compiled.template, SAMPLE_CALL, { extension: options.extension ?? '1001' });
  return rendered.ok ? { ok: true, url: rendered.url } : { ok: false, error: rendered.reason, phrase: rendered.phrase };
}
