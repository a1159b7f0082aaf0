/**
 * `relay`'s options are checked before anything connects: exit 2 with the reason and the usage,
 * nothing asked of the PBX or NATS (no AMI_SECRET is even set).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';

const BASE = ['relay', '--host', '127.0.0.1', '--user', 'relay', '--nats', 'nats://127.0.0.1:1'];

describe('relay options', () => {
  it.each([
    [['--no-discover'], 'with --no-discover, give --agents'],
    [['--max-agents', '0'], '--max-agents 0 is not a number from 1 to 50000'],
    [['--max-agents', 'lots'], '--max-agents lots is not a number'],
    [['--agents', '1001,5.1'], '"5.1" cannot be a NATS subject token'],
    [['--supervisors', '2001,2*'], '--supervisors: "2*" cannot be a NATS subject token'],
  ])('%j is refused: %s', async (args, message) => {
    const io = memoryIO();
    expect(await main([...BASE, ...args], io)).toBe(2);
    expect(io.errors.join('\n')).toContain(message);
    expect(io.errors.join('\n')).toContain('usage: pbx-companion relay');
  });
});
