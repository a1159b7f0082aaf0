/**
 * The demo's IVR validation, through the real AGI path: our FastAGI service (agi/server.ts with
 * the validate script) on a loopback port, asked by the demo PBX as Asterisk would ask it
 * (fastagi.ts), with the demo's own CRM: the demo callers (callers.ts), answered in-process. A
 * caller whose CUSTOMER_ID is UNKNOWN (the lab dialplan's word for it) is not in that CRM.
 */
import { startAgiServer } from '../agi/server.ts';
import { validateScript } from '../agi/validate.ts';
import { DEMO_CALLERS } from './callers.ts';
import { runFastAgi } from './fastagi.ts';
import type { IvrCaller } from './scenarios.ts';

export interface DemoIvr {
  /** The variables validate set on this caller's channel. */
  ask(caller: IvrCaller): Promise<Record<string, string>>;
  close(): Promise<void>;
}

const CRM_URL = 'http://crm.demo.invalid/customer?n={number}';

/** The demo CRM's answer: the caller's record as JSON, or 404. */
async function demoCrm(url: string): Promise<Response> {
  const number = new URL(url).searchParams.get('n');
  const caller = DEMO_CALLERS.find((c) => c.number === number && c.vars.CUSTOMER_ID !== 'UNKNOWN');
  if (!caller) return new Response('{"error":"no such customer"}', { status: 404 });
  const record = { id: caller.vars.CUSTOMER_ID, name: caller.vars.CUSTOMER_NAME };
  return new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json' } });
}

export async function startDemoIvr(): Promise<DemoIvr> {
  const server = await startAgiServer({
    port: 0,
    host: '127.0.0.1',
    scripts: { validate: validateScript({ lookup: { url: CRM_URL, fetch: demoCrm } }) },
  });
  return {
    ask: async (caller) => {
      const result = await runFastAgi({
        host: server.host,
        port: server.port,
        script: 'validate',
        args: [caller.callerNumber],
        channel: caller.channel,
        uniqueid: caller.uniqueid,
        callerId: caller.callerNumber,
        callerName: caller.callerName,
        dnid: caller.did,
        context: caller.context,
      });
      return result.variables;
    },
    close: () => server.close(),
  };
}
