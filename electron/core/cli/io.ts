/** The CLI's side effects, injected so tests run verbs in-process. */
import { createInterface } from 'node:readline';
import type { SocketFactory } from '../ami/transport.ts';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret on the terminal; undefined when there is no terminal. */
  promptSecret(question: string): Promise<string | undefined>;
  /** Aborted on Ctrl+C: long-running verbs (watch) stop cleanly. */
  signal: AbortSignal;
  /** Opens AMI sockets (doctor, the agent's verbs); default TCP/TLS to the host named. Tests reach a named PBX on loopback. */
  socketFactory?: SocketFactory;
}

export function processIO(): CliIO {
  const controller = new AbortController();
  // `cli ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    signal: controller.signal,
    promptSecret: async (question) => {
      if (!process.stdin.isTTY) return undefined;
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      // Mute the echo so the secret never shows on screen.
      const write = (rl as unknown as { _writeToOutput?: (s: string) => void })._writeToOutput;
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) write?.call(rl, s);
      };
      try {
        return await new Promise<string>((resolve) => rl.question(question, resolve));
      } finally {
        process.stderr.write('\n');
        rl.close();
      }
    },
  };
}

/** An in-memory CliIO for tests: collects lines. */
export function memoryIO(
  env: Record<string, string | undefined> = {},
  signal = new AbortController().signal,
): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    env,
    signal,
    promptSecret: async () => undefined,
  };
}
