/**
 * `doctor --agi-host H`: the dialplan lines for IVR validation through `pbx-companion agi` and the
 * channelvars line; alone without --host, after the manager.conf stanza with it.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { run } from '../../../electron/core/cli/doctor.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';

describe('doctor --agi-host', () => {
  it('alone: the AGI() line with the host, the __ inheritance, the channelvars line; exit 0', async () => {
    const io = memoryIO();
    expect(await run(['--agi-host', 'companion.example'], io)).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toContain(' same => n,AGI(agi://companion.example/validate)');
    expect(text).toContain(';same => n,AGI(agi://companion.example/validate,${DIGITS})');
    expect(text).toContain(' same => n,Set(__CUSTOMER_ID=${CUSTOMER_ID})');
    expect(text).toContain(' same => n,Set(__CUSTOMER_VALID=${CUSTOMER_VALID})');
    expect(text).toContain('channelvars = CUSTOMER_ID,CUSTOMER_NAME,CUSTOMER_VALID');
    expect(io.errors).toEqual([]);
    const other = memoryIO();
    await run(['--agi-host', '10.0.0.20:4600'], other);
    expect(other.lines.join('\n')).toContain('AGI(agi://10.0.0.20:4600/validate)');
  });

  it.each(['companion example', 'host:99999', 'a\nexten => s,1,System(rm)', 'http://x'])('%j is refused with exit 2', async (host) => {
    const io = memoryIO();
    expect(await run(['--agi-host', host], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^doctor: --agi-host .* is not a host name or IPv4 address, with an optional :port$/);
    expect(io.lines).toEqual([]);
  });

  it('with an AMI host: after the manager.conf stanza, even when the login fails', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    expect(
      await run(
        ['--host', '127.0.0.1', '--port', String(port), '--user', 'agentapp', '--timeout', '2000', '--agi-host', 'companion.example'],
        io,
      ),
    ).toBe(1);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const text = io.lines.join('\n');
    expect(text.indexOf('[agentapp]')).toBeGreaterThan(-1);
    expect(text.indexOf('AGI(agi://companion.example/validate)')).toBeGreaterThan(text.indexOf('[agentapp]'));
  });
});
