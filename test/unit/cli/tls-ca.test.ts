/**
 * `--ca FILE` on the verbs that connect over AMI (connection-options.ts), as doctor and the ARI
 * verbs have it: a real TLS server with a certificate from a throwaway CA made by openssl for this
 * run, relaying to the demo PBX's AMI (as stunnel would). Without the CA the refusal names the ca
 * option; with it, the verbs log in and act; --ca alone implies TLS.
 */
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { ThrowawayPki } from '../../support/throwaway-pki.ts';

const pki = new ThrowawayPki('pbx-companion-cli-ca-');
const dir = pki.dir;
const file = (name: string) => pki.file(name);
const makeCa = (name: string) => pki.ca(name);
const makeServerCert = (name: string, ca: string, altNames?: string) => pki.serverCert(name, ca, altNames);

let pbx: DemoPbx;
let front: tls.Server;
let conn: string[];

beforeAll(async () => {
  makeCa('office-ca');
  makeCa('other-ca');
  makeServerCert('pbx', 'office-ca');
  pbx = await startDemoPbx({ answerAfterMs: null });
  front = tls.createServer({ key: readFileSync(file('pbx.key')), cert: readFileSync(file('pbx.pem')) }, (secure) => {
    const plain = net.connect(pbx.port, pbx.host);
    secure.pipe(plain).pipe(secure);
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
  });
  front.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  conn = ['--host', '127.0.0.1', '--port', String((front.address() as net.AddressInfo).port), '--user', 'agentapp', '--extension', '1001'];
}, 30_000);

afterAll(async () => {
  front?.close();
  await pbx?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  const io = memoryIO({ AMI_SECRET: 's3cret' });
  const code = await main(argv, io);
  return { code, out: io.lines, err: io.errors };
}

describe('--ca FILE on the AMI verbs', () => {
  it('without the CA: refused before the login, and the error names the ca option that now exists', async () => {
    const refused = await cli(['hangup', '--tls', ...conn]);
    expect(refused.code).toBe(1);
    expect(refused.err).toEqual([expect.stringMatching(/^hangup: .*not trusted.*the "ca" option/)]);
    const help = await cli(['hangup', '--help']);
    expect(help.out.join('\n')).toMatch(/--ca FILE/);
  });

  it('with another CA: still refused', async () => {
    const refused = await cli(['pause', '--reason', 'Lunch', '--ca', file('other-ca.pem'), ...conn]);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/not trusted/);
  });

  it('with the CA (which implies --tls): pause, unpause, queue-login and hangup log in and act', async () => {
    const ca = ['--ca', file('office-ca.pem')];
    expect(await cli(['pause', '--reason', 'Lunch', '--queue', 'support', ...ca, ...conn])).toEqual({
      code: 0,
      out: ['Paused in support (Lunch).'],
      err: [],
    });
    expect(await cli(['unpause', '--queue', 'support', '--tls', ...ca, ...conn])).toEqual({
      code: 0,
      out: ['Unpaused in support.'],
      err: [],
    });
    expect(await cli(['queue-login', 'support', ...ca, ...conn])).toEqual({
      code: 0,
      out: ['You are already logged in to support.'],
      err: [],
    });
    // Logged in and read the agent's calls: there is none.
    expect(await cli(['hangup', ...ca, ...conn])).toEqual({ code: 1, out: [], err: ['hangup: You have no call to hang up.'] });
  });

  it('watch with the CA reaches the live PBX', async () => {
    const stop = new AbortController();
    const io = memoryIO({ AMI_SECRET: 's3cret' }, stop.signal);
    const done = main(['watch', '--ca', file('office-ca.pem'), ...conn], io);
    await expect
      .poll(() => io.lines.some((line) => JSON.parse(line).snapshot?.connection.status === 'live'), { timeout: 10_000 })
      .toBe(true);
    stop.abort();
    expect(await done).toBe(0);
    expect(io.errors).toEqual([]);
  });
});
