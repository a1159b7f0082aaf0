/** The agent pool (app_agent_pool, Issabel's call center): logging in and out as an agent. English; the Spanish is electron/shared/phrases/es/agent-pool.ts. */
export const agentPoolPhrases = {
  'purpose.agents': 'read the agent list',
  'purpose.agentlogoff': 'log you out as an agent',
  'agent.not-here': 'Logging in to the agent pool works on a direct connection to the PBX, not in this mode yet.',
  'agent.no-attended-transfer': 'An attended transfer would end your login call as an agent: transfer this call blind.',
  'agent.no-number': 'No agent number is set: add yours (e.g. 9001) beside the extension in Settings, or give --agent.',
  'agent.pool-not-loaded': 'The PBX has no agent pool (app_agent_pool is not loaded): ask your administrator.',
  'agent.no-such-agent': 'The PBX has no agent {agent}: check the agent number in Settings.',
  'agent.logged-in-elsewhere': 'Agent {agent} is already logged in on another phone ({channel}): log out there first.',
  'agent.already-logged-in': 'You are already logged in as agent {agent}.',
  'agent.not-logged-in': 'You are not logged in as agent {agent}.',
  'agent.logged-in': 'Logged in as agent {agent}.',
  'agent.logged-out': 'Logged out as agent {agent}.',
  'agent.logout-after-call': 'You will be logged out as agent {agent} when this call ends.',
  'agent.login-refused': 'The PBX refused the login of agent {agent}: it may not exist, or it is logged in on another phone.',
  'agent.login-call-dropped': 'Your login call ended (the phone hung up, or the network dropped it): you are logged out as agent {agent}.',
  'agent.login-no-word': 'The PBX said nothing about your login as agent {agent}: check whether you are logged in.',
} as const;
