/**
 * `npm run ui`: the popover and the settings window in any browser on this machine, driven by the real
 * core on the demo PBX through the e2e tests' bridge, for trying and designing the UI where Electron's
 * binary is missing. The demo rings the agent every `everyMs` and the phone answers by itself, as in the
 * app's own demo; settings live in a temporary folder and secrets in memory (no keychain needed).
 */
import { MemoryCredentialStore } from '../../../electron/core/credentials/memory.ts';
import { startCallGenerator } from '../../../electron/core/demo/generator.ts';
import { startBridgeServer, type BridgeServer } from './bridge-server.ts';
import { startRealCore, type RealCore } from './core.ts';
import { startShellBackend, type ShellBackend } from './shell-backend.ts';

export interface UiServer {
  bridge: BridgeServer;
  core: RealCore;
  close(): Promise<void>;
}

/** `injectClient: false`: the pages do not load the bridge themselves (a test injects it before any script, as the preload is). */
export async function startUiServer(options: { port?: number; everyMs?: number; injectClient?: boolean } = {}): Promise<UiServer> {
  const core = await startRealCore({ answerAfterMs: 4000 });
  const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
  const shell: ShellBackend = await startShellBackend({ settings: { pbx }, secret: 'demo', credentials: new MemoryCredentialStore() });
  const bridge = await startBridgeServer({
    companion: core.companion,
    shell: shell.methods,
    injectClient: options.injectClient ?? true,
    port: options.port ?? 0,
  });
  core.onPop((pop) => bridge.emitPop(pop));
  core.onNotice((message, phrase) => bridge.emitNotice(message, phrase));
  const stopCalls =
    options.everyMs === 0 ? () => {} : startCallGenerator(core.demo.control, { everyMs: options.everyMs ?? 30_000, talkMs: 20_000 });
  return {
    bridge,
    core,
    async close() {
      stopCalls();
      await bridge.close();
      await shell.close();
      await core.close();
    },
  };
}
