/** Spanish for electron/shared/phrases/security.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { securityPhrases } from '../security.ts';

export const securityEs: Translation<typeof securityPhrases> = {
  'security.plain-text':
    'La conexión con la centralita en {host} no está cifrada: cualquiera en la red entre este equipo y la centralita puede leer tus llamadas y a quién atiendes. Pide al administrador de la centralita que active TLS.',
  'security.plain-text-secret':
    'La conexión con la centralita en {host} no está cifrada e inicia sesión con la clave en claro: cualquiera en la red puede leer la clave AMI, tus llamadas y a quién atiendes. Activa TLS, o al menos el inicio de sesión MD5.',
  'security.tls-howto':
    'Para ofrecer TLS en Asterisk, pon en manager.conf [general]: tlsenable = yes, tlsbindaddr = 0.0.0.0:5039, tlscertfile = /etc/asterisk/keys/asterisk.pem, tlsprivatekey = /etc/asterisk/keys/asterisk.key; ejecuta "manager reload", abre TCP 5039 a los puestos y activa TLS aquí (puerto 5039).',
  'security.login-accepted': 'aceptado',
  'security.md5-answered': 'la centralita responde al desafío MD5',
  'security.md5-no-answer': 'la centralita no responde al desafío MD5 ({reason})',
  'security.plain-not-tried': 'no probado: enviaría la clave en claro (todo Asterisk lo acepta)',
  'security.plain-refused': 'rechazado ({reason})',
  'security.tls-in-use': 'en uso',
  'security.tls-trusted': 'ofrecido en el puerto {port}, certificado de confianza',
  'security.tls-untrusted':
    'ofrecido en el puerto {port}, pero este equipo no confía en su certificado ({detail}): indica su archivo de CA',
  'security.tls-not-offered': 'no ofrecido en el puerto {port} ({detail})',
  'security.with-howto': '{warning} {howto}',
  'security.md5-refused': 'la centralita no ofrece el inicio de sesión MD5 ({reason}): elige el inicio de sesión simple, mejor con TLS',
};
