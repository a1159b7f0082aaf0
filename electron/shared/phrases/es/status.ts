/** Spanish for electron/shared/phrases/status.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { statusPhrases } from '../status.ts';

export const statusEs: Translation<typeof statusPhrases> = {
  'status.offline': 'Sin conexión',
  'status.connecting': 'Conectando',
  'status.available': 'Disponible',
  'status.ringing': 'Sonando',
  'status.oncall': 'En llamada',
  'status.dialling': 'Llamando',
  'status.paused': 'En pausa',
  'status.error': 'Problema',
  'status.loggedout': 'Sesión cerrada',
  'status.after-call-work': 'Trabajo posterior',
  'status.seconds-left': 'quedan {seconds} s',
  'status.phone-not-registered': 'el teléfono {device} no está registrado',
};
