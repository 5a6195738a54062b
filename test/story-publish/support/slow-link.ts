/**
 * A throttled TCP link to a registry: a loopback proxy that forwards every
 * connection to `target` and lets the answers through at most `bytesPerSecond`
 * per connection. Pulling a large image through it takes seconds instead of
 * milliseconds, so a test can see progress and stop the delivery registry in
 * the middle of a copy. It speaks no HTTP: image references just use its host.
 */
import net from 'node:net';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import type { AddressInfo } from 'node:net';

export interface SlowLink {
  /** `127.0.0.1:<port>`: use it where the registry's host would go. */
  readonly host: string;
  close(): Promise<void>;
}

/** Passes chunks on no faster than `bytesPerSecond`, in slices so the pace is even. */
class Throttle extends Transform {
  private next = Date.now();
  constructor(private readonly bytesPerSecond: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const slice = Math.max(1024, Math.floor(this.bytesPerSecond / 20));
    const send = (offset: number): void => {
      if (offset >= chunk.length) { done(); return; }
      const part = chunk.subarray(offset, offset + slice);
      const now = Date.now();
      this.next = Math.max(this.next, now) + (part.length / this.bytesPerSecond) * 1000;
      this.push(part);
      setTimeout(() => send(offset + part.length), Math.max(0, this.next - now));
    };
    send(0);
  }
}

export async function startSlowLink(target: string, bytesPerSecond: number): Promise<SlowLink> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: targetHost, port: Number(targetPort) });
    sockets.add(client).add(upstream);
    const forget = () => { sockets.delete(client); sockets.delete(upstream); };
    client.once('close', forget);
    // Requests go up unthrottled; answers (blob bodies) come down slowly.
    pipeline(client, upstream, () => client.destroy());
    pipeline(upstream, new Throttle(bytesPerSecond), client, () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
