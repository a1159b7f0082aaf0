/** Spanish for electron/shared/phrases/doctor.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { doctorPhrases } from '../doctor.ts';

export const doctorEs: Translation<typeof doctorPhrases> = {
  'doctor.missing-action': 'no existe en esta centralita (¿módulo no cargado?)',
  'doctor.no-fully-booted': 'no llegó el evento FullyBooted tras iniciar sesión (falta read = system, o un eventfilter lo descarta)',
  'doctor.ari-auth': '{why}: revisa la sección [usuario] de ari.conf',
  'doctor.ari-not-found': '{why}: no hay ARI en esta URL (¿ari.conf enabled = yes? ¿prefix de http.conf?)',
  'doctor.ari-old': 'Asterisk {version} es anterior a la 16 (compatibles: de la 16 a la 22): pueden faltar recursos y eventos de ARI',
  'doctor.ari-module': '{state}: no funcionará: {feature}',
  'doctor.ari-write': '{why}: no funcionará marcar ni colgar',
  'doctor.ari-events': '{why}: no se verán el estado del agente ni sus llamadas',
  'doctor.feature.res_ari_channels': 'las llamadas, marcar con un clic y colgar',
  'doctor.feature.res_ari_endpoints': 'si el teléfono está registrado',
  'doctor.feature.res_ari_applications': 'las suscripciones al endpoint y al estado del dispositivo del agente',
  'doctor.feature.res_ari_events': 'el WebSocket de eventos',
  'doctor.feature.res_ari_device_states': 'los estados de los dispositivos',
  'doctor.feature.res_ari_bridges': 'escuchar y susurrar (supervisores)',
  'doctor.feature.res_ari_recordings': 'el control de grabación de las llamadas en Stasis',
  'doctor.not-loaded': 'no cargado',
  'doctor.not-loaded-404': 'no cargado (404)',
  'doctor.nats-unreachable': 'no responde ({why}): ¿está nats-server en marcha ahí, y su puerto abierto para este puesto?',
  'doctor.nats-refused':
    'rechazó la credencial de {user} ({why}): da a este puesto la semilla que relay --print-nats-conf imprimió para él, y esa configuración a este servidor',
  'doctor.nats-no-subscribe':
    'el servidor NATS no deja a {user} suscribirse a {subjects}: dale los permisos que imprime relay --print-nats-conf',
  'doctor.nats-no-publish':
    'el servidor NATS no deja a {user} publicar en {subjects}: dale los permisos que imprime relay --print-nats-conf',
  'doctor.relay-no-answer': 'ningún relé respondió por {extension} ({why}): ¿está pbx-companion relay en marcha en estos servidores NATS?',
  'doctor.relay-refused': 'el relé respondió por {extension}, pero: {why}',
} as const;
