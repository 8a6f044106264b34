import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { distFile } from '../util/paths';
import { Pool } from '../util/pool';
import type { FrameHeader } from './protocol';

/**
 * The renderer's local server on 127.0.0.1: serves the page and its bundle, and receives each
 * rendered frame as one binary POST (header in `x-frame`), handing it to the job that asked.
 */
/** Receives a frame; `body` is lent for the call only (its buffer is reused for later frames). */
export type FrameSink = (header: FrameHeader, body: Buffer) => void;

/** Request bodies by byte length, reused: frames are megabytes, and the same size over and over. */
const bodies = new Pool<Buffer>((bytes) => Buffer.allocUnsafe(Number(bytes)));

const PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body style="margin:0"><script type="module" src="/render.js"></script></body></html>';

export class RenderServer {
  private readonly sinks = new Map<string, FrameSink>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<RenderServer> {
    const bundle = await readFile(distFile('page', 'render.js'));
    let self: RenderServer | undefined;
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && (path === '/' || path === '/render.html')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_HTML);
      } else if (req.method === 'GET' && path === '/render.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      } else if (req.method === 'POST' && path === '/frame') {
        self!.receive(req).then(
          () => res.writeHead(204).end(),
          (err: Error) => res.writeHead(400, { 'content-type': 'text/plain' }).end(err.message),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new RenderServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Routes frames of job `id` to `sink` until `release(id)`. */
  register(id: string, sink: FrameSink): void {
    this.sinks.set(id, sink);
  }

  release(id: string): void {
    this.sinks.delete(id);
  }

  private async receive(req: IncomingMessage): Promise<void> {
    const header = JSON.parse(String(req.headers['x-frame'] ?? 'null')) as FrameHeader | null;
    // Read straight into one buffer of the announced size (a frame is megabytes; no concat copy).
    const size = Number(req.headers['content-length'] ?? Number.NaN);
    const key = String(Number.isSafeInteger(size) && size >= 0 ? size : 0);
    const body = bodies.acquire(key);
    try {
      let at = 0;
      for await (const chunk of req) {
        if (at + chunk.length > body.length) throw new Error('body longer than its content-length');
        body.set(chunk as Buffer, at);
        at += chunk.length;
      }
      if (!header) throw new Error('missing x-frame header');
      if (at !== body.length) throw new Error(`body of ${at} bytes, announced ${body.length}`);
      // A frame from a job that was abandoned (timed out and retried) is dropped.
      this.sinks.get(header.job)?.(header, body);
    } finally {
      bodies.release(key, body);
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
