/**
 * `pbx-companion relay ARGS` as a child process that also reports each stderr line to its parent over
 * IPC with the moment it was written (process.hrtime: CLOCK_MONOTONIC, one clock for every process on
 * the machine), so a failover harness can line up the relays' active/standby windows exactly.
 */
import { main } from '../../electron/core/cli.ts';
import { processIO } from '../../electron/core/cli/io.ts';

const io = processIO();
const err = io.err;
io.err = (line) => {
  const at = process.hrtime.bigint().toString();
  err(line);
  process.send?.({ line, at });
};
const code = await main(process.argv.slice(2), io);
process.exit(code);
