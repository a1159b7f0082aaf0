/**
 * A TCP relay between the companion and the demo PBX, for faults that happen on the network rather
 * than in the PBX: `cutNextMessage()` lets the next bytes from the PBX through only up to the middle
 * of a message, then drops both sockets (a cable pulled mid-message). New connections go through.
 */
import net from 'node:net';

export class Relay {
  private cutArmed: ((cutAt: number) => void) | null = null;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<Relay> {
    const holder: { relay?: Relay } = {};
    const server = net.createServer((client) => holder.relay!.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.relay = new Relay(server, (server.address() as net.AddressInfo).port);
    return holder.relay;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Resolves with how many bytes of the cut chunk got through, once the cut happened. */
  cutNextMessage(): Promise<number> {
    return new Promise((resolve) => (this.cutArmed = resolve));
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const cut = this.cutArmed;
      if (!cut || chunk.length < 4) return void client.write(chunk);
      this.cutArmed = null;
      // Inside the first message of the chunk: half-way to its blank line.
      const blank = chunk.indexOf('\r\n\r\n');
      const at = Math.max(1, Math.floor((blank > 0 ? blank : chunk.length) / 2));
      client.write(chunk.subarray(0, at), () => {
        end();
        cut(at);
      });
    });
  }
}
