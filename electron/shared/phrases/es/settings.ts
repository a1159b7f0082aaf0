/** Spanish for electron/shared/phrases/settings.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { settingsPhrases } from '../settings.ts';

export const settingsEs: Translation<typeof settingsPhrases> = {
  'settings.notice.admin-partly': 'Se ignoraron partes de los valores predeterminados de tu administrador: {why}.',
  'settings.notice.admin-ignored': 'Se ignoraron los valores predeterminados de tu administrador: {why}.',
  'settings.notice.newer':
    'Tus ajustes los guardó una versión más reciente de PBX Companion (versión de ajustes {version}, esta aplicación conoce la {known}). No se modifican y la aplicación funciona con los valores predeterminados. No podrás guardar cambios hasta que la actualices.',
  'settings.notice.migrated':
    'Tus ajustes se actualizaron de la versión {from} a la {to}. El archivo anterior se conserva como settings.json.bak al guardar la próxima vez.',
  'settings.notice.corrupt':
    'No se pudo leer tu archivo de ajustes ({why}). Se guardó como {backup} y la aplicación arrancó con los ajustes predeterminados.',
  'settings.notice.unknown-keys':
    'Tu archivo de configuración tiene ajustes que esta versión no conoce ({keys}): se ignoran y se conservan en el archivo.',
  'settings.notice.invalid-values':
    'Algunos de tus ajustes no eran válidos, así que se usan sus valores predeterminados: {why}. El archivo tal como estaba se guardó como {backup}.',
  'settings.notice.invalid-values-uncopied':
    'Algunos de tus ajustes no eran válidos, así que se usan sus valores predeterminados: {why}. No se pudo guardar una copia del archivo ({copyWhy}).',
  'settings.notice.unreadable-kept':
    'No se pudo leer tu archivo de ajustes {file} ({why}) ni apartarlo ({moveWhy}). La aplicación arrancó con los ajustes predeterminados; corrige o borra ese archivo para conservar tus cambios.',

  'settings.file.not-json': 'no es un JSON válido ({detail})',
  'settings.file.not-object': 'el archivo no contiene un objeto JSON',
  'settings.file.bad-version': '"version" debe ser un número entero, pero es {found}',
  'settings.file.no-migration': 'no hay forma de actualizar la versión de ajustes {version}',
  'settings.file.is-folder': 'en su lugar hay una carpeta',
  'settings.file.not-folder': 'parte de su ruta es un archivo, no una carpeta',
  'settings.file.link-loop': 'es un enlace simbólico que forma un bucle',
  'settings.file.denied': 'permiso denegado',
  'settings.file.io-error': 'el disco informó de un error de entrada/salida',
  'settings.file.not-regular': 'no es un archivo normal',
  'settings.file.os-error': 'el sistema lo rechazó: {detail}',

  'settings.save.newer':
    'El archivo de ajustes lo escribió una versión más reciente de PBX Companion y no se modifica. Actualiza la aplicación para cambiar los ajustes.',
  'settings.save.failed': 'No se pudieron guardar tus ajustes ({why}).',
  'settings.save.locked': '"{path}" lo fija tu administrador y no se puede cambiar aquí',
  'settings.secret-key': '"{key}" parece una contraseña: las contraseñas van al llavero del sistema, nunca al archivo de ajustes',

  // "; " solo entre un campo y el siguiente: la ventana de ajustes los separa por ahí.
  'settings.issue': '{path}: {reason}',
  'settings.issues.2': '{a}; {b}',
  'settings.issues.3': '{a}; {b}; {c}',
  'settings.issues.4': '{a}; {b}; {c}; {d}',
  'settings.issues.5': '{a}; {b}; {c}; {d}; {e}',
  'settings.reason.control-characters': 'no debe contener caracteres de control (como saltos de línea)',
  'settings.reason.ari-app': 'solo letras, dígitos, ".", "_", "-" y {token}',
  'settings.reason.agent': 'un número de agente, como 9001: solo dígitos',
  'settings.reason.extension': 'una extensión del plan de marcación, como 1001: hasta 32 letras, dígitos o _ + * # . -',
  'settings.reason.relay-url':
    'un servidor NATS como nats://relay.example.com:4222 o tls://relay.example.com:4222: un host y un puerto, sin espacios, sin usuario ni contraseña',
  'settings.reason.relay-user': 'un usuario NATS como desk-1001 o desk-{token}: solo letras, dígitos, ".", "_", "-" y {token}',
  'settings.reason.relay-needs-url': 'el modo relé necesita al menos un servidor NATS',
  'settings.reason.relay-needs-user': 'el modo relé necesita el usuario NATS del puesto',
  'settings.reason.scheme': 'un esquema de dirección web, como https',
  'settings.reason.https-origin': 'un origen https, como https://login.example.com (sin ruta)',
  'settings.reason.country': 'un código de país de dos letras, como US o ES',
  'settings.reason.up-to-4-digits': 'como máximo 4 dígitos',
  'settings.reason.idd': 'solo dígitos, como 00 o 011',
  'settings.reason.digits': 'solo dígitos',
  'settings.reason.recording-template':
    'debe ser un nombre de archivo terminado en .wav (u otro formato de audio) con solo {placeholders} como marcadores',
  'settings.reason.mixmonitor-options': 'deben ser letras de opción de MixMonitor como b, o v(2)',
  'settings.reason.calllog-url': 'debe ser una dirección https (http solo en este equipo) sin usuario ni contraseña',
  'settings.reason.regex': 'debe ser una expresión regular válida',
  'settings.reason.prefix-with-e164':
    'un prefijo de salida no se puede combinar con la marcación E.164: ninguna ruta de la centralita lee un prefijo delante de un +',
  'settings.reason.number-max': 'demasiado grande: debe ser como máximo {max}',
  'settings.reason.number-min': 'demasiado pequeño: debe ser como mínimo {min}',
  'settings.reason.text-max': 'demasiado largo: como máximo {max} caracteres',
  'settings.reason.text-min': 'demasiado corto: como mínimo {min} caracteres',
  'settings.reason.list-max': 'demasiados elementos: como máximo {max}',
  'settings.reason.wrong-type': 'valor no válido: se esperaba {expected} y se recibió {received}',
  'settings.reason.one-of': 'opción no válida: debe ser una de {values}',
  'settings.reason.expected': 'valor no válido: se esperaba {value}',
  'settings.reason.unknown-key': 'clave desconocida: {keys}',
  'settings.reason.unknown-keys': 'claves desconocidas: {keys}',
  'settings.type.number': 'un número',
  'settings.type.int': 'un número entero',
  'settings.type.string': 'un texto',
  'settings.type.boolean': 'sí o no',
  'settings.type.object': 'un objeto',
  'settings.type.array': 'una lista',
  'settings.type.null': 'un valor nulo',
  'settings.type.undefined': 'ningún valor',

  'settings.admin.default-name': 'los valores predeterminados del administrador',
  'settings.admin.unreadable': 'no se pueden leer los valores predeterminados del administrador {file}: {detail}',
  'settings.admin.not-json': 'los valores predeterminados del administrador {file} no son un JSON válido: {detail}',
  'settings.admin.not-object': '{file}: se esperaba un objeto JSON',
  'settings.admin.unknown-key': 'claves desconocidas {key} (se esperaban "settings" y "locked")',
  'settings.admin.settings-not-object': '{file}: "settings" debe ser un objeto',
  'settings.admin.locked-not-list': '{file}: "locked" debe ser una lista de rutas de campos',
  'settings.admin.secret': '{file}: "{key}" parece una contraseña, y las contraseñas van en el llavero de cada puesto',
  'settings.admin.invalid': '{file}: {why}',
  'settings.admin.unknown-locks': 'bloqueos de ajustes que esta versión no conoce: {paths}',
  'settings.admin.unknown-keys': 'ajustes que esta versión no conoce: {keys}',

  'keychain.empty-secret': 'No se puede guardar una contraseña vacía: bórrala en su lugar.',
  'keychain.bad-account': 'El nombre de una cuenta del llavero debe tener de 1 a 512 caracteres.',
  'keychain.no-secret-service':
    'No hay ningún Secret Service funcionando en este escritorio, así que la contraseña de la centralita no se puede guardar de forma segura. Instala e inicia gnome-keyring (o KWallet o KeePassXC con la integración de Secret Service) y vuelve a intentarlo. La contraseña nunca se escribe en un archivo de texto. ({detail})',
  'keychain.unreachable':
    'No se puede acceder al llavero del sistema, así que la contraseña de la centralita no se puede guardar de forma segura. La contraseña nunca se escribe en un archivo de texto. ({detail})',
  'keychain.denied':
    'El llavero está bloqueado o denegó el acceso. Desbloquea tu llavero de inicio de sesión (o permite el acceso a PBX Companion) y vuelve a intentarlo. ({detail})',
  'keychain.failed': 'El llavero falló, así que la contraseña no se guardó ni se leyó. ({detail})',

  'history.unreadable': 'No se pudo leer el historial de llamadas. Se guardó como {path} y se empezó uno nuevo.',
  'history.unreadable-why': 'No se pudo leer el historial de llamadas ({why}). Se guardó como {path} y se empezó uno nuevo.',
  'history.not-a-history': 'no contiene un historial de llamadas',
  'history.unreadable-kept':
    'No se pudo leer el historial de llamadas {file} ({why}) ni apartarlo ({moveWhy}). Se empezó uno nuevo, que no se guarda hasta que corrijas o borres ese archivo.',
  'history.not-pending': 'Esa llamada no está esperando que la devuelvas.',
  'history.not-saved': 'No se pudo guardar el historial de llamadas ({why}).',
};
