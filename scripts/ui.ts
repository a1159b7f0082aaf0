/**
 * `npm run ui [-- --port 5199] [-- --every SECONDS]`: the UI in your browser (test/e2e/support/ui-server.ts),
 * until Ctrl+C. Prints the two addresses; open them in any Chromium or Firefox.
 */
import { parseArgs } from 'node:util';
import { startUiServer } from '../test/e2e/support/ui-server.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, every: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  process.stdout.write('npm run ui -- [--port 5199] [--every SECONDS]   (0: no generated calls)\n');
  process.exit(0);
}
const port = Number(values.port ?? 5199);
const every = Number(values.every ?? 30);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`ui: --port ${values.port} is not a TCP port\n`);
  process.exit(2);
}
if (!Number.isFinite(every) || every < 0) {
  process.stderr.write(`ui: --every ${values.every} is not a number of seconds\n`);
  process.exit(2);
}
const ui = await startUiServer({ port, everyMs: every * 1000 });
process.stdout.write(
  `PBX Companion UI on the demo PBX (a call every ${every} s):\n  popover   ${ui.bridge.popoverUrl}\n  settings  ${ui.bridge.settingsUrl}\nCtrl+C to stop.\n`,
);
const stop = () => void ui.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
