/**
 * `dial NUMBER --extension 1001 [--country ES] [--prefix 9] [--international-prefix 00]
 * [--trunk-prefix 1] [--e164] [--channel Local/1001@originate-skipvm] [--context from-internal]
 * [--dry-run] --host H [--port P] --user U [--tls] [--auth md5|plain]`
 *
 * Prints the number as it will be dialled (`0912345678  +34 912 34 56 78`: the dial string
 * first, for scripts; a number that may not exist adds a warning on stderr and is dialled all the
 * same), then rings the agent's phone with an Originate and waits for the
 * OriginateResponse: exit 0 when the phone answered and the number is being called, 1 when the
 * PBX refused or the phone did not answer, 2 for input that cannot be dialled or a usage error
 * (checked before anything connects). `--dry-run` prints only.
 * NUMBER may be a tel:, sip: or callto: link.
 */
import { parseArgs } from 'node:util';
import { normalizeNumber } from '../dialing/normalize.ts';
import { parseDialLink } from '../dialing/links.ts';
import { ActionRunner } from '../actions/runner.ts';
import { channel, context } from '../actions/validate.ts';
import type { AmiClient } from '../ami/client.ts';
import { CONNECTION_OPTIONS, DIAL_RULE_OPTIONS, connect, dialRules } from './agent-verbs.ts';
import type { CliIO } from './io.ts';

export async function run(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...CONNECTION_OPTIONS,
        ...DIAL_RULE_OPTIONS,
        'dry-run': { type: 'boolean' },
        channel: { type: 'string' },
        context: { type: 'string' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`dial: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) {
    io.err('dial: give one number, e.g. dial "+34 912 34 56 78" --extension 1001 --dry-run (quote numbers with spaces)');
    return 2;
  }

  let number = input;
  if (/^(tel|sips?|callto):/i.test(input.trim())) {
    const link = parseDialLink(input);
    if (!link.ok) {
      io.err(`dial: ${link.error}`);
      return 2;
    }
    number = link.number;
  }
  const preview = normalizeNumber(number, dialRules(values));
  if (!preview.ok || !preview.dialString) {
    io.err(`dial: ${preview.error}`);
    return 2;
  }
  // The rest of the input too, before anything connects.
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 600_000)) {
    io.err(`dial: --timeout ${values.timeout} is not a number of milliseconds (1 to 600000)`);
    return 2;
  }
  try {
    if (values.channel !== undefined) channel(values.channel);
    if (values.context !== undefined) context(values.context);
  } catch (error) {
    io.err(`dial: ${(error as Error).message}`);
    return 2;
  }
  io.out(`${preview.dialString}  ${preview.display ?? preview.dialString}`);
  if (preview.warning) io.err(`dial: warning: ${preview.warning}`);
  if (values['dry-run']) return 0;

  let client: AmiClient | null = null;
  try {
    const connected = await connect('dial', values, io);
    if (typeof connected === 'number') return connected;
    client = connected.client;
    const runner = new ActionRunner(client);
    const dial = runner.originate({
      channel: values.channel ?? connected.identity.device,
      exten: preview.dialString,
      context: values.context,
      callerId: { name: preview.display, number: preview.dialString },
      timeoutMs,
    });
    const queued = await dial.queued;
    if (!queued.ok) {
      io.err(`dial: ${queued.error}`);
      return 1;
    }
    io.out(queued.message ?? 'Your phone will ring.');
    const stopped = new Promise<null>((resolve) => io.signal.addEventListener('abort', () => resolve(null), { once: true }));
    const outcome = await Promise.race([dial.outcome, stopped]);
    if (!outcome) return 1;
    if (!outcome.ok) {
      io.err(`dial: ${outcome.error}`);
      return 1;
    }
    io.out(outcome.message ?? 'Calling.');
    return 0;
  } catch (error) {
    io.err(`dial: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client?.close();
  }
}
