/** El directorio de contactos y donde el agente lo busca, en español. */
import type { Translation } from '../index.ts';
import type { contactsPhrases } from '../contacts.ts';

export const contactsEs: Translation<typeof contactsPhrases> = {
  'contacts.reason.url':
    'debe ser una dirección https (http solo en este equipo) con {query} donde va el texto escrito, y sin usuario ni contraseña',
  'contacts.reason.csv-path': 'debe ser una ruta completa, como /home/agente/contactos.csv o C:\\Users\\agente\\contactos.csv',
  'contacts.query.bad': 'Una búsqueda de contactos es texto simple de como mucho {max} caracteres.',
  'contacts.csv.unreadable': 'No se puede leer el archivo de contactos ({why}): no hay contactos de él.',
  'contacts.csv.too-big': 'El archivo de contactos pesa más de {max} KB: no se lee ningún contacto de él.',
  'contacts.csv.too-many-rows': 'El archivo de contactos tiene más de {max} filas: solo se buscan las {max} primeras.',
  'contacts.csv.skipped': 'Se omitieron {count} filas del archivo de contactos (sin nombre, o sin un número con dígitos).',
  'contacts.http.url': 'No se puede usar la URL de búsqueda de contactos: {why}',
  'contacts.http.timeout': 'La búsqueda de contactos no respondió en {ms} ms: no hay contactos de ella.',
  'contacts.http.failed': 'La búsqueda de contactos falló ({why}): no hay contactos de ella.',
  'contacts.http.status': 'La búsqueda de contactos respondió HTTP {status}: no hay contactos de ella.',
  'contacts.http.too-long': 'La búsqueda de contactos respondió más de {max} bytes: se ignora su respuesta.',
  'contacts.http.not-json': 'La búsqueda de contactos no respondió JSON: se ignora su respuesta.',
  'contacts.http.shape':
    'La búsqueda de contactos no respondió una lista de contactos (un array JSON de {"name", "number"}): se ignora su respuesta.',

  'contacts.ui.title': 'Contactos',
  'contacts.ui.pick': 'Poner el número de {name} en el marcador',
  'contacts.cmd.dial': 'Llamar a {name} ({number})',
  'contacts.cmd.transfer': 'Transferir a {name} ({number})',

  'contacts.ui.section': 'Contactos',
  'contacts.ui.section-help': 'Contactos que el marcador y la paleta de comandos encuentran mientras el agente escribe un nombre.',
  'contacts.ui.csv': 'Archivo de contactos (CSV)',
  'contacts.ui.csv-help':
    'La ruta completa de un archivo CSV en UTF-8 con una fila de cabecera que nombra las columnas name y number (separadas por comas, punto y coma o tabuladores). Vacío: ninguno.',
  'contacts.ui.url': 'URL de búsqueda de contactos',
  'contacts.ui.csv-error': 'Escribe la ruta completa, como /home/agente/contactos.csv o C:\\Users\\agente\\contactos.csv.',
  'contacts.ui.url-error':
    'Una dirección https (http solo en este equipo) con {query} donde va el texto escrito, y sin usuario ni contraseña.',
  'contacts.ui.url-help':
    'Una dirección https que responde un array JSON de {"name", "number"}; {query} se sustituye por lo que escribió el agente. Vacío: ninguna.',
};
