/**
 * `doctor --agent 9001` against the demo PBX over real TCP: the agent pool's module, the agent in
 * agents.conf, its queue member in the form Asterisk dials (Local/9001@agents, Agent:9001), and the
 * event-filter lines an agent-pool desk needs; a PBX without app_agent_pool and an unknown agent
 * are failures in words; a bad agent number is a usage error before anything connects.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../electron/core/cli/doctor.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';

let pbx: DemoPbx | null = null;
afterEach(async () => {
  await pbx?.close();
  pbx = null;
});

async function doctor(agent: string, agentPool: boolean): Promise<{ code: number; lines: string[]; errors: string[] }> {
  pbx = await startDemoPbx({ agentPool });
  const io = memoryIO({ AMI_SECRET: 's3cret' });
  const code = await run(
    ['--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--extension', '1001', '--agent', agent],
    io,
  );
  return { code, lines: io.lines, errors: io.errors };
}

describe('doctor --agent', () => {
  it('finds the agent, its dialable member, and prints the agent-pool filter lines', async () => {
    const { lines } = await doctor('9001', true);
    expect(lines).toContain('ok       Agents              agent 9001 (Agent One) exists, logged off');
    expect(lines).toContain('ok       agent member        callcenter: Local/9001@agents');
    const text = lines.join('\n').split('\n');
    expect(text).toContain('eventfilter(action(include),method(contains)) = Agent:9001');
    expect(text).toContain('eventfilter(action(include),header(Agent),method(exact)) = 9001');
    expect(text).toContain('; eventfilter = (/|:|: )9001[^0-9]');
    expect(text.some((l) => l.startsWith('; agent pool (agent 9001):'))).toBe(true);
  });

  it('fails in words: an agent not in agents.conf, a PBX without app_agent_pool', async () => {
    const unknown = await doctor('9005', true);
    expect(unknown.code).toBe(1);
    expect(unknown.lines).toContain(
      'FAIL     Agents              agent 9005 is not in agents.conf (add a [9005] section, then "module reload app_agent_pool.so")',
    );
    await pbx!.close();
    pbx = null;
    const missing = await doctor('9001', false);
    expect(missing.code).toBe(1);
    expect(missing.lines.find((l) => l.includes(' Agents '))).toMatch(/^FAIL {5}Agents {14}app_agent_pool is not loaded/);
  });

  it('refuses an agent number that is not digits before connecting', async () => {
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    expect(await run(['--host', '127.0.0.1', '--user', 'agentapp', '--agent', '9001\r\nAction: Originate'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^doctor: --agent "9001\\r\\nAction: Originate" is not an agent number such as 9001/);
    expect(io.lines).toEqual([]);
  });
});
