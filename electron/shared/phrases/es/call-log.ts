/** El registro de llamadas que se escribe en el CRM, en español. */
import type { Translation } from '../index.ts';
import type { callLogPhrases } from '../call-log.ts';

export const callLogEs: Translation<typeof callLogPhrases> = {
  'calllog.url-empty': 'No hay URL del registro de llamadas.',
  'calllog.url-invalid': 'La URL del registro de llamadas no es una URL: {url}.',
  'calllog.url-scheme': 'La URL del registro de llamadas debe usar https (http solo hacia este equipo): {url}.',
  'calllog.url-credentials':
    'La URL del registro de llamadas no debe llevar usuario ni contraseña: las peticiones se firman con el secreto compartido.',
  'calllog.url-control': 'La URL del registro de llamadas contiene un salto de línea u otro carácter de control.',
  'calllog.no-secret':
    'No hay secreto del registro de llamadas: el CRM no podría saber que los registros son nuestros (define CALL_LOG_SECRET, o el secreto en Ajustes).',
  'calllog.note-too-long': 'La nota es demasiado larga: {length} caracteres, como mucho {max}.',
  'calllog.no-code': 'Elige una tipificación.',
  'calllog.unknown-code': 'No existe la tipificación "{code}": elige una de {codes}.',
  'calllog.bad-code': 'Un código de tipificación lleva letras, dígitos, "-" y "_" (como mucho 40): "{code}" no.',
  'calllog.no-such-call': 'La llamada {call} no está en el registro: solo las llamadas que terminaron aquí pueden tipificarse.',
  'calllog.bad-call': 'Un id de llamada es lo que la centralita llama Linkedid (p. ej. 1733400000.12): "{call}" no lo es.',
  'calllog.saved': 'Tipificación guardada: {code}.',
  'calllog.disk':
    'No se pudo escribir el registro de llamadas ({why}): el registro de la llamada {call} no se guarda. Libera espacio en disco.',
  'calllog.full': 'El registro de llamadas tiene {count} registros que el CRM aún no ha recibido: no se guardan más hasta que responda.',
  'calllog.rejected': 'El CRM rechazó el registro de la llamada {call} (HTTP {status}): se aparta y no se reenvía. Su respuesta: {answer}',
  'calllog.redirected':
    'El CRM respondió al registro de la llamada {call} con una redirección (HTTP {status}) a {location}: no se sigue. Corrige la URL del registro de llamadas.',

  'calllog.ui.title': 'Después de la llamada con {who}',
  'calllog.ui.disposition': '¿Cómo fue?',
  'calllog.ui.note': 'Nota',
  'calllog.ui.note-hint': 'Ctrl+Intro guarda',
  'calllog.ui.save': 'Guardar',
  'calllog.ui.later': 'Más tarde',
  'calllog.ui.required': 'Guarda una tipificación para recibir la siguiente llamada.',
  'calllog.ui.saved': 'Guardado para el CRM.',
  'calllog.cmd': 'Tipificación de la última llamada: {disposition}',
} as const;
