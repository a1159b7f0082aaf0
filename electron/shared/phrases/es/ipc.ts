/** Spanish for electron/shared/phrases/ipc.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { ipcPhrases } from '../ipc.ts';

export const ipcEs: Translation<typeof ipcPhrases> = {
  'ipc.refused': 'Rechazado: {why}.',
  'ipc.frame-gone': 'el marco que hizo la petición ya no existe',
  'ipc.sub-frame': 'solo el marco principal de una ventana puede llamar a la aplicación',
  'ipc.not-a-url': 'la dirección del remitente «{address}» no es una URL',
  'ipc.foreign-origin': 'el origen del remitente {origin} no es el de la aplicación',
  'ipc.not-our-window': 'el remitente no es una de las ventanas de la aplicación',
  'ipc.invalid-request': 'Petición no válida para {channel}: {issues}',
  'ipc.no-answer': 'La aplicación no respondió ({why})',
};
