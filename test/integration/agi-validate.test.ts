/**
 * The FastAGI service end to end: a client speaking what Asterisk's res_agi sends (the environment
 * block, then answers to each command) against the real server on loopback, with the validate
 * script asking a real HTTP CRM stub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgiServer, type AgiServer } from '../../electron/core/agi/server.ts';
import { validateScript } from '../../electron/core/agi/validate.ts';
import { runFastAgi, type FastAgiCall } from '../../electron/core/demo/fastagi.ts';
import { startCrmStub, type CrmStub } from '../support/crm-stub.ts';

let crm: CrmStub;
let withCrm: AgiServer;
let withoutCrm: AgiServer;
const logs: string[] = [];
const logger = { info: (l: string) => logs.push(l), warn: (l: string) => logs.push(l) };

beforeAll(async () => {
  crm = await startCrmStub();
  const script = validateScript({
    lookup: { url: `${crm.base}/customer?n={number}` },
    fields: { CUSTOMER_TIER: 'tier', CUSTOMER_MANAGER: 'account.manager' },
  });
  withCrm = await startAgiServer({ port: 0, scripts: { validate: script }, logger });
  withoutCrm = await startAgiServer({ port: 0, scripts: { validate: validateScript({}) }, logger });
});

afterAll(async () => {
  await withCrm.close();
  await withoutCrm.close();
  await crm.close();
});

function call(server: AgiServer, fields: Partial<FastAgiCall> = {}): ReturnType<typeof runFastAgi> {
  return runFastAgi({ host: '127.0.0.1', port: server.port, script: 'validate', callerId: '+15550109000', ...fields });
}

describe('validate', () => {
  it('a caller the CRM knows: CUSTOMER_VALID=1, the id, the name and the mapped fields, then the session ends', async () => {
    const result = await call(withCrm);
    expect(result.variables).toEqual({
      CUSTOMER_VALID: '1',
      CUSTOMER_ID: 'C-1042',
      CUSTOMER_NAME: 'Ada Lovelace',
      CUSTOMER_TIER: 'gold',
      CUSTOMER_MANAGER: '',
    });
    expect(crm.requests).toContain('/customer?n=%2B15550109000');
    expect(logs.some((l) => l.includes('PJSIP/9000-00000003: key +15550109000: CUSTOMER_VALID=1'))).toBe(true);
  });

  it('the key from the AGI argument (digits the IVR collected) before the caller ID, and nested fields', async () => {
    const result = await call(withCrm, { args: ['1234'] });
    expect(result.variables).toMatchObject({ CUSTOMER_VALID: '1', CUSTOMER_ID: 'C-1234', CUSTOMER_MANAGER: 'Zoë Müller' });
    expect((await call(withCrm, { script: 'validate?key=1234', callerId: '' })).variables.CUSTOMER_ID).toBe('C-1234');
  });

  it('a name with quotes, a CR LF and a dialplan command reaches the channel as one plain value', async () => {
    const result = await call(withCrm, { args: ['4242'] });
    expect(result.variables.CUSTOMER_NAME).toBe('Siobhán "Shiv" O’Brien EXEC System(rm -rf /)');
    expect(result.commands).toHaveLength(5);
    for (const command of result.commands) expect(command).toMatch(/^SET VARIABLE CUSTOMER_[A-Z]+ "/);
  });

  it('a key the CRM does not know: CUSTOMER_VALID=0 and no id', async () => {
    const result = await call(withCrm, { callerId: '+34900000000' });
    expect(result.variables).toMatchObject({ CUSTOMER_VALID: '0', CUSTOMER_ID: '', CUSTOMER_NAME: '' });
  });

  it('a caller ID that is not digits is not looked up', async () => {
    const before = crm.requests.length;
    const result = await call(withCrm, { callerId: 'anonymous' });
    expect(result.variables.CUSTOMER_VALID).toBe('0');
    expect(crm.requests.length).toBe(before);
  });

  it('no CRM configured: CUSTOMER_VALID=unknown at once, the key kept as the unchecked id', async () => {
    const result = await call(withoutCrm);
    expect(result.variables).toMatchObject({ CUSTOMER_VALID: 'unknown', CUSTOMER_ID: '+15550109000', CUSTOMER_NAME: '' });
    expect(result.ms).toBeLessThan(1000);
  });

  it('with a prompt: reads digits, asks again while the CRM does not know them, up to the tries', async () => {
    const found = await call(withCrm, { script: 'validate?prompt=custom/enter-account&digits=6&tries=3', digits: ['', '9999', '1234'] });
    expect(found.commands.filter((c) => c.startsWith('GET DATA'))).toEqual([
      'GET DATA custom/enter-account 5000 6',
      'GET DATA custom/enter-account 5000 6',
      'GET DATA custom/enter-account 5000 6',
    ]);
    expect(found.variables).toMatchObject({ CUSTOMER_VALID: '1', CUSTOMER_ID: 'C-1234' });
    const never = await call(withCrm, { script: 'validate?prompt=custom/enter-account&tries=2', digits: ['9999', '8888'] });
    expect(never.commands.filter((c) => c.startsWith('GET DATA'))).toHaveLength(2);
    expect(never.variables).toMatchObject({ CUSTOMER_VALID: '0', CUSTOMER_ID: '' });
  });

  it('bad prompt parameters are said in the log, and the caller ID is used instead', async () => {
    const result = await call(withCrm, { script: 'validate?prompt=../../etc/passwd' });
    expect(result.commands.some((c) => c.startsWith('GET DATA'))).toBe(false);
    expect(result.variables.CUSTOMER_VALID).toBe('1');
    expect(logs.some((l) => l.includes('bad prompt parameters'))).toBe(true);
  });

  it('an unknown script: a log line, and the session closes without a command', async () => {
    const result = await call(withCrm, { script: 'drop-tables' });
    expect(result.commands).toEqual([]);
    expect(logs.some((l) => l.includes('no script named "drop-tables"'))).toBe(true);
  });
});
