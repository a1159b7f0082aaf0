/**
 * From saved settings to a running core: the agent's PBX when one is configured, else the built-in
 * demo PBX started in-process on loopback (a real AMI server), so a fresh install shows a working
 * call center with a visible "Demo PBX" label instead of an empty window.
 */
import { readFile } from 'node:fs/promises';
import { createCompanion, type CompanionConfig, type CoreCompanion } from './companion.ts';
import { startDemoPbx } from './demo/index.ts';
import { startCallGenerator } from './demo/generator.ts';
import type { Settings } from './settings/schema.ts';
import type { LifecycleDecision, PopDecision } from './screenpop/screenpop.ts';

export const DEMO_LABEL = 'Demo PBX';
/** What the demo's screen pop opens when the settings have no template of their own. */
export const DEMO_POP_TEMPLATE = 'https://crm.example.com/customer?id={var.CUSTOMER_ID}&phone={number}&queue={queue}';

export interface StartHooks {
  onPop?: (pop: PopDecision) => void;
  onPopLifecycle?: (decision: LifecycleDecision) => void;
  onNotice?: (text: string, level: 'info' | 'error') => void;
  logger?: { warn(message: string): void };
}

/** True when the settings name no PBX: the app then runs on the demo. */
export function usesDemo(settings: Settings): boolean {
  return settings.pbx.host.trim() === '';
}

/** The parts of the config that come from settings alone (dialing, screen pop, recording). */
function sharedConfig(settings: Settings, hooks: StartHooks, template: string): Omit<CompanionConfig, 'pbx' | 'secret'> {
  const pop = settings.screenPop;
  return {
    dialRules: settings.dialing,
    afterCallWork: settings.afterCallWorkSeconds > 0 ? { seconds: settings.afterCallWorkSeconds } : null,
    screenPop:
      pop.trigger === 'never' || !template
        ? null
        : {
            template,
            allowedSchemes: pop.allowedSchemes,
            trigger: {
              when: pop.trigger === 'answered' ? 'answer' : 'ring',
              queues: pop.queues.length > 0 ? pop.queues : null,
              directions: pop.directCalls ? ['inbound', 'internal'] : ['inbound'],
            },
          },
    onPop: hooks.onPop,
    onPopLifecycle: hooks.onPopLifecycle,
    onNotice: hooks.onNotice,
    logger: hooks.logger,
  };
}

/** The core for these settings. `secret` is the AMI secret from the keychain (unused by the demo). */
export async function companionForSettings(settings: Settings, secret: string | null, hooks: StartHooks = {}): Promise<CoreCompanion> {
  if (usesDemo(settings)) return demoCompanion(settings, hooks);
  if (secret === null) throw new Error(`No AMI secret is stored for ${settings.pbx.username}@${settings.pbx.host}: enter it in Settings.`);
  const { pbx } = settings;
  const ca = pbx.tls && pbx.caFile ? await readFile(pbx.caFile) : undefined;
  return createCompanion({
    ...sharedConfig(settings, hooks, settings.screenPop.template),
    pbx: { ...pbx, ca, originateChannel: pbx.originateChannel.replaceAll('{extension}', pbx.extension) || undefined },
    secret,
    label: pbx.label || undefined,
  });
}

/** The demo PBX in-process, a call every 30 s, and a core connected to it; close() ends both. */
async function demoCompanion(settings: Settings, hooks: StartHooks): Promise<CoreCompanion> {
  const extension = settings.pbx.extension.trim() || '1001';
  // The demo phone answers by itself a few seconds after it rings: no AMI action can answer a call.
  const demo = await startDemoPbx({ extension, answerAfterMs: 4000 });
  const stopCalls = startCallGenerator(demo.control, { everyMs: 30_000, talkMs: 20_000 });
  try {
    const core = await createCompanion({
      ...sharedConfig(settings, hooks, settings.screenPop.template || DEMO_POP_TEMPLATE),
      pbx: { host: demo.host, port: demo.port, username: 'agent', extension },
      secret: 'demo',
      label: DEMO_LABEL,
    });
    return {
      ...core,
      async close() {
        stopCalls();
        await core.close();
        await demo.close();
      },
    };
  } catch (error) {
    stopCalls();
    await demo.close();
    throw error;
  }
}
