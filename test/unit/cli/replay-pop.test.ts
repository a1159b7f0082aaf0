import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { fixturePath } from '../../support/fixtures.ts';

const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}';

describe('cli replay --pop-url', () => {
  it('prints exactly one pop for the answered queue call of 04, after its ringing snapshot', async () => {
    const io = memoryIO();
    const code = await main(
      ['replay', fixturePath('asterisk-22/04-queue-call-answered.ami.raw'), '--extension', '1001', '--pop-url', TEMPLATE],
      io,
    );
    expect(code).toBe(0);
    const lines = io.lines.map(
      (l) => JSON.parse(l) as { type: string; snapshot?: { calls: Array<{ state: string }> }; url?: string; callId?: string },
    );
    const pops = lines.filter((l) => l.type === 'pop');
    expect(pops).toEqual([{ type: 'pop', callId: '1795661986.5', url: 'https://crm.example/c?id=C-1042&n=%2B15550109000&q=support' }]);
    const before = lines[lines.indexOf(pops[0]!) - 1]!;
    expect(before.snapshot!.calls[0]!.state).toBe('ringing');
  });

  it.each([
    ['asterisk-22/04-queue-call-answered.ami.raw', 'PJSIP', '1795661986.5'],
    ['asterisk-18/S04-queue-call-answered.ami.raw', 'SIP', '1795663547.0'],
  ])('fills {did} with the number the caller dialled (%s)', async (file, technology, callId) => {
    const io = memoryIO();
    await main(
      [
        'replay',
        fixturePath(file),
        '--extension',
        '1001',
        '--technology',
        technology,
        '--pop-url',
        'https://crm.example/c?did={did}&n={number}',
      ],
      io,
    );
    const pops = io.lines.map((l) => JSON.parse(l) as { type: string }).filter((l) => l.type === 'pop');
    expect(pops).toEqual([{ type: 'pop', callId, url: 'https://crm.example/c?did=600&n=%2B15550109000' }]);
  });

  it('prints no pop for the agent’s own click-to-dial (08)', async () => {
    const io = memoryIO();
    await main(['replay', fixturePath('asterisk-22/08-click-to-dial-originate.ami.raw'), '--extension', '1001', '--pop-url', TEMPLATE], io);
    expect(io.lines.filter((l) => l.includes('"type":"pop"'))).toEqual([]);
    expect(io.lines.length).toBeGreaterThan(3);
  });

  it('refuses a template with a scheme outside the allow-list before replaying anything', async () => {
    const io = memoryIO();
    const code = await main(
      [
        'replay',
        fixturePath('asterisk-22/04-queue-call-answered.ami.raw'),
        '--extension',
        '1001',
        '--pop-url',
        'javascript:alert({number})',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.lines).toEqual([]);
    expect(io.errors.join('\n')).toMatch(/scheme "javascript:" is not allowed/);
  });
});
