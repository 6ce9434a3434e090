// Server-sent events, written with backpressure: partial frames are full
// base64 images (~1 MB each), so we wait for 'drain' rather than buffer a whole
// stream in memory, and give up quietly if the client has gone away.
import type { ServerResponse } from 'node:http';

export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
}

/** Writes one `event:`/`data:` block; resolves false when the client is gone. */
export function writeEvent(res: ServerResponse, event: string, data: unknown): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  const ok = res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  if (ok) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(v);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
