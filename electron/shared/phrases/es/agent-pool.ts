/** El grupo de agentes (app_agent_pool, el call center de Issabel), en español. */
import type { Translation } from '../index.ts';
import type { agentPoolPhrases } from '../agent-pool.ts';

export const agentPoolEs: Translation<typeof agentPoolPhrases> = {
  'purpose.agents': 'leer la lista de agentes',
  'purpose.agentlogoff': 'cerrar tu sesión de agente',
  'agent.not-here': 'Iniciar sesión en el grupo de agentes funciona con una conexión directa a la centralita, aún no en este modo.',
  'agent.no-attended-transfer': 'Una transferencia atendida cerraría tu llamada de sesión como agente: transfiere esta llamada a ciegas.',
  'agent.no-number': 'No hay número de agente: añade el tuyo (p. ej. 9001) junto a la extensión en Ajustes, o indica --agent.',
  'agent.pool-not-loaded': 'La centralita no tiene grupo de agentes (app_agent_pool no está cargado): consulta a tu administrador.',
  'agent.no-such-agent': 'La centralita no tiene el agente {agent}: revisa el número de agente en Ajustes.',
  'agent.logged-in-elsewhere': 'El agente {agent} ya tiene la sesión iniciada en otro teléfono ({channel}): ciérrala allí primero.',
  'agent.already-logged-in': 'Ya tienes la sesión iniciada como agente {agent}.',
  'agent.not-logged-in': 'No tienes la sesión iniciada como agente {agent}.',
  'agent.logged-in': 'Sesión iniciada como agente {agent}.',
  'agent.logged-out': 'Sesión de agente {agent} cerrada.',
  'agent.logout-after-call': 'Tu sesión de agente {agent} se cerrará al terminar esta llamada.',
  'agent.login-refused':
    'La centralita rechazó el inicio de sesión del agente {agent}: puede que no exista o que tenga la sesión iniciada en otro teléfono.',
  'agent.login-call-dropped':
    'Tu llamada de sesión terminó (colgó el teléfono o se cayó la red): tu sesión de agente {agent} está cerrada.',
  'agent.login-no-word': 'La centralita no dijo nada de tu inicio de sesión como agente {agent}: comprueba si tienes la sesión iniciada.',
};
