/**
 * `pbx-companion agi`: bad options are refused with a sentence and exit 2 before it listens; good
 * ones serve FastAGI calls with the CRM lookup until the signal, logging one line per call.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { runFastAgi } from '../../../electron/core/demo/fastagi.ts';
import { startCrmStub, type CrmStub } from '../../support/crm-stub.ts';

let crm: CrmStub;
beforeAll(async () => {
  crm = await startCrmStub();
});
afterAll(async () => {
  await crm.close();
});

describe('agi', () => {
  it.each([
    [['--port', '70000'], '--port 70000 is not a TCP port'],
    [['--port', '45x'], '--port 45x is not a TCP port'],
    [['--bind', 'companion.example'], '--bind "companion.example" is not an IP address of this machine'],
    [['--bind', '0.0.0.0'], '--bind 0.0.0.0 lets other machines connect: give --allow'],
    [['--allow', '10.0.0.5,10.0.0.300'], '--allow: "10.0.0.300" is not an IP address or a subnet'],
    [['--allow', '10.0.0.0/33'], '--allow: "10.0.0.0/33" is not an IP address or a subnet'],
    [['--lookup', 'https://{number}.crm.example/'], '--lookup: '],
    [['--lookup', 'https://crm.example/c?n={number}&q={queue}'], '--lookup: '],
    [['--lookup', 'javascript:alert({number})'], '--lookup: '],
    [
      ['--lookup', 'https://crm.example/c?n={number}', '--lookup-timeout', '5000'],
      '--lookup-timeout 5000 is not a whole number from 100 to 1500',
    ],
    [['--lookup', 'https://crm.example/c?n={number}', '--number-format', 'pretty'], '--number-format pretty is not one of'],
    [['--country', 'ES'], '--lookup-timeout, --number-format and --country need --lookup'],
    [['--field', 'CUSTOMER TIER=tier'], '--field "CUSTOMER TIER=tier" is not VARIABLE=field'],
    [['--field', 'CUSTOMER_TIER'], 'is not VARIABLE=field'],
    [['--field', 'X=a\nSET VARIABLE'], 'is not VARIABLE=field'],
    [['--id-field', 'a b'], '--id-field "a b" is not a field name'],
    [['--max-per-peer', '0'], '--max-per-peer 0 is not a whole number from 1 to 100000'],
    [['--idle-timeout', '10'], '--idle-timeout 10 is not a whole number from 1000 to 600000'],
  ])('%j is refused before it listens: %s', async (args, message) => {
    const io = memoryIO();
    expect(await main(['agi', ...args], io)).toBe(2);
    expect(io.errors[0]).toContain(message);
    expect(io.errors[1]).toMatch(/^usage: pbx-companion agi /);
    expect(io.errors.join('\n')).not.toContain('listening');
    expect(io.lines).toEqual([]);
  });

  it('serves validate with the CRM lookup until stopped, one log line per call, the CRM named by its host only', async () => {
    const stop = new AbortController();
    const io = memoryIO({}, stop.signal);
    const running = main(
      ['agi', '--port', '0', '--lookup', `${crm.base}/customer?n={number}&token=s3cret`, '--field', 'CUSTOMER_TIER=tier'],
      io,
    );
    await vi.waitFor(() => expect(io.errors.some((l) => l.includes('listening'))).toBe(true));
    const listening = io.errors.find((l) => l.includes('listening'))!;
    expect(listening).toMatch(
      /^agi: listening on 127\.0\.0\.1:\d+, allowed 127\.0\.0\.0\/8, ::1; script validate with the CRM at http:\/\/127\.0\.0\.1:\d+$/,
    );
    const port = Number(/127\.0\.0\.1:(\d+),/.exec(listening)![1]);
    const result = await runFastAgi({ host: '127.0.0.1', port, script: 'validate', callerId: '+15550109000' });
    expect(result.variables).toMatchObject({ CUSTOMER_VALID: '1', CUSTOMER_NAME: 'Ada Lovelace', CUSTOMER_TIER: 'gold' });
    expect(io.errors.some((l) => /PJSIP\/9000-00000003: key \+15550109000: CUSTOMER_VALID=1 in \d+ ms$/.test(l))).toBe(true);
    stop.abort();
    expect(await running).toBe(0);
    expect(io.errors.at(-1)).toBe('agi: stopped');
    expect(io.errors.join('\n')).not.toContain('s3cret');
  });
});
