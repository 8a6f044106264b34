import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { readGreyPng } from '../render/png';
import { DatasetSchema, datasetJsonPath, framePath, sceneJsonPath, sceneQaPath } from '../sim/layout';
import { frameDir, SceneSchema } from '../sim/schema';
import { type QaItem, QaItemSchema } from '../tasks/schema';
import { formatZodError } from '../util/errors';
import { parseLine, readJsonLines } from '../util/jsonl';
import { distFile } from '../util/paths';
import { DatasetIndex } from './dataset-index';
import {
  type DatasetInfo,
  type ItemView,
  LAYER_HEADERS,
  LAYERS,
  PAIR_ROLES,
  type PairDetail,
  type SceneDetail,
} from './protocol';
import { NO_RESULTS, type Results } from './results';
import { resolveUnder } from './safe-path';

/**
 * The inspector's server: node:http on 127.0.0.1, serving the app bundle, a JSON API over the
 * dataset (see ./protocol.ts) and the dataset's files read-only. Every request is answered: bad ones
 * with a 4xx JSON error, and nothing thrown inside a handler escapes it. Requests whose Host header
 * is not this server's own address are refused, so that a web page in the user's browser cannot
 * reach the dataset by rebinding a DNS name to 127.0.0.1.
 */

export interface InspectServerOptions {
  /** The dataset folder. */
  dir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  results?: Results;
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SceneIdSchema = z.string().regex(/^\d{6,}$/, 'a scene id is six or more digits');
const TokenSchema = z.string().regex(/^[\w.:-]{1,80}$/, 'letters, digits, "_", ".", ":" or "-" only');

const ScenesQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).max(1e9).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  q: z
    .string()
    .regex(/^\d{0,12}$/, 'digits of a scene id')
    .optional(),
  task: TokenSchema.optional(),
  split: QaItemSchema.shape.split.optional(),
  role: z.enum([...PAIR_ROLES, 'paired']).optional(),
  failed: z.union([z.literal('*'), TokenSchema]).optional(),
});
const PairQuerySchema = z.strictObject({ id: z.string().min(1).max(200) });
const LayerQuerySchema = z.strictObject({
  scene: SceneIdSchema,
  frame: z.coerce.number().int().min(0).max(9999),
  layer: z.enum(LAYERS),
});

/** The page that loads the app bundle; the stylesheet only when the build emitted one. */
function pageHtml(hasCss: boolean): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>roomsim inspector</title><link rel="icon" href="data:,">',
    hasCss ? '<link rel="stylesheet" href="/app.css">' : '',
    '</head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>',
  ].join('');
}

export class InspectServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly index: DatasetIndex,
  ) {}

  static async start(opts: InspectServerOptions): Promise<InspectServer> {
    const root = await realpath(opts.dir);
    const results = opts.results ?? NO_RESULTS;
    // The app's files are fixed at start: only these names are ever served from dist/.
    const appDir = distFile('inspect');
    const assets = new Map<string, string>();
    for (const name of await readdir(appDir)) assets.set(`/${name}`, join(appDir, name));
    const html = pageHtml(assets.has('/app.css'));
    const index = new DatasetIndex(root, results);
    const api = new Api(root, index, results);

    let allowedHosts = new Set<string>();
    const server = createServer((req, res) => {
      handle(req, res).catch((err: unknown) => fail(res, err));
    });
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(403, 'unexpected Host header');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        throw new HttpError(405, `method ${req.method} not allowed`);
      }
      const target = req.url ?? '';
      // Only origin-form targets ("/path?query"); absolute-form and "*" are not for this server.
      if (!target.startsWith('/')) throw new HttpError(400, 'bad request target');
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
      if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', html);
      const asset = assets.get(path);
      if (asset) return send(res, 200, contentType(asset), await readFile(asset));
      if (path.startsWith('/files/')) return api.file(req, res, path.slice('/files/'.length));
      if (path.startsWith('/api/')) return api.route(res, path.slice('/api/'.length), query);
      throw new HttpError(404, 'not found');
    };
    // Malformed HTTP never reaches the handler: answer it and drop the connection.
    server.on('clientError', (_err, socket) => {
      if (!socket.writable) return void socket.destroy();
      const body = JSON.stringify({ error: 'malformed HTTP request' });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    index.startScan();
    return new InspectServer(server, `http://127.0.0.1:${port}/`, index);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The dataset-facing routes. */
class Api {
  constructor(
    private readonly root: string,
    private readonly index: DatasetIndex,
    private readonly results: Results,
  ) {}

  async route(res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    if (path === 'dataset') {
      noQuery(query);
      return json(res, await this.dataset());
    }
    if (path === 'scenes') {
      const f = parseQuery(ScenesQuerySchema, query);
      const { cursor, limit, ...filter } = f;
      return json(res, await this.index.page(filter, cursor, limit));
    }
    if (path.startsWith('scene/')) {
      noQuery(query);
      const id = parse(SceneIdSchema, path.slice('scene/'.length), 'scene id');
      return json(res, await this.scene(id));
    }
    if (path === 'pair') return json(res, await this.pair(parseQuery(PairQuerySchema, query).id));
    if (path === 'layer') return this.layer(res, parseQuery(LayerQuerySchema, query));
    throw new HttpError(404, 'no such API route');
  }

  private async dataset(): Promise<DatasetInfo> {
    const warnings = [...this.index.warnings];
    let meta: { seed: number | null; counts: DatasetInfo['counts'] } = { seed: null, counts: null };
    // dataset.json is optional here: a folder still being written, or a shard, may lack it.
    try {
      const parsed = parseLine(await this.read(datasetJsonPath('')), DatasetSchema);
      if (parsed.ok) meta = { seed: parsed.value.seed, counts: parsed.value.counts };
      else warnings.push(`dataset.json: ${parsed.reason}`);
    } catch (err) {
      warnings.push((err as Error).message);
    }
    return {
      name: basename(this.root),
      scenes: (await this.index.sceneIds()).length,
      ...meta,
      index: this.index.indexState,
      models: this.results.models,
      warnings,
    };
  }

  private async scene(id: string): Promise<SceneDetail> {
    if (!(await this.index.has(id))) throw new HttpError(404, `no scene ${id}`);
    const file = sceneJsonPath('', Number(id));
    const parsed = parseLine(await this.read(file), SceneSchema);
    // A scene that fails its schema (or is no JSON) is a dataset problem, not a bad request.
    if (!parsed.ok) throw new HttpError(500, `${file}: ${parsed.reason}`);
    const scene = parsed.value;
    const { items, errors } = await this.sceneItems(id);
    return {
      scene,
      frames: scene.frames.map((f) => ({
        index: f.index,
        rgb: framePath(scene.index, f.index, 'rgb'),
        depth: framePath(scene.index, f.index, 'depth'),
        seg: framePath(scene.index, f.index, 'seg'),
      })),
      items: items.map((item) => this.view(item)),
      errors,
    };
  }

  /** A dataset file's text, through the same checks as /files/ (a link out of DIR is refused). */
  private async read(rel: string): Promise<string> {
    const found = await resolveUnder(this.root, rel);
    if (!found.ok) throw new HttpError(found.status, `${rel}: ${found.error}`);
    return readFile(found.path, 'utf8');
  }

  private view(item: QaItem): ItemView {
    return { item, answers: this.results.byItem.get(item.id) ?? [] };
  }

  /** A scene's questions from its own qa.jsonl, fully validated; bad lines are reported, not fatal. */
  private async sceneItems(id: string): Promise<{ items: QaItem[]; errors: string[] }> {
    const file = sceneQaPath('', Number(id));
    const items: QaItem[] = [];
    const errors: string[] = [];
    const found = await resolveUnder(this.root, file);
    if (!found.ok) {
      if (found.status !== 404) errors.push(`${file}: ${found.error}`);
      return { items, errors };
    }
    await readJsonLines(
      found.path,
      QaItemSchema,
      (item) => items.push(item),
      (reason) => errors.push(`${file}:${reason}`),
    ).catch((err: Error) => errors.push(`${file}: ${err.message}`));
    return { items, errors };
  }

  private async pair(id: string): Promise<PairDetail> {
    const scenes = await this.index.pairScenes(id);
    if (scenes === null) throw new HttpError(404, 'pairs are unknown: the dataset has no readable qa.jsonl');
    const items: ItemView[] = [];
    for (const scene of scenes) {
      if (!(await this.index.has(scene))) continue;
      const { items: own } = await this.sceneItems(scene);
      for (const item of own) if (item.pair?.id === id) items.push(this.view(item));
    }
    if (!items.length) throw new HttpError(404, `no pair ${id}`);
    return { id, items };
  }

  private async layer(res: ServerResponse, q: z.infer<typeof LayerQuerySchema>): Promise<void> {
    if (!(await this.index.has(q.scene))) throw new HttpError(404, `no scene ${q.scene}`);
    const layer = q.layer;
    const found = await resolveUnder(this.root, `scenes/${q.scene}/frames/${frameDir(q.frame)}/${layer}.png`);
    if (!found.ok) throw new HttpError(found.status, found.error);
    let image: Awaited<ReturnType<typeof readGreyPng>>;
    try {
      image = await readGreyPng(found.path);
    } catch (err) {
      throw new HttpError(
        500,
        `${layer}.png of scene ${q.scene} frame ${q.frame}: ${(err as Error).message}`,
      );
    }
    const body = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    res.setHeader(LAYER_HEADERS.width, String(image.width));
    res.setHeader(LAYER_HEADERS.height, String(image.height));
    send(res, 200, 'application/octet-stream', body);
  }

  async file(req: IncomingMessage, res: ServerResponse, rel: string): Promise<void> {
    const found = await resolveUnder(this.root, rel);
    if (!found.ok) throw new HttpError(found.status, found.error);
    res.writeHead(200, {
      'content-type': contentType(found.path),
      'content-length': found.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(found.path);
      stream.on('error', () => res.destroy());
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }
}

function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, `${what}: ${formatZodError(r.error)}`);
  return r.data;
}

function parseQuery<S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> {
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (seen.has(key)) throw new HttpError(400, `query parameter "${key}" given twice`);
    seen.add(key);
  }
  return parse(schema, Object.fromEntries(query), 'query');
}

function noQuery(query: URLSearchParams): void {
  if ([...query.keys()].length) throw new HttpError(400, 'this route takes no query parameters');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  // Node leaves the body out of HEAD responses by itself.
  res.end(body);
}

function json(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The one place errors become responses: HttpErrors keep their status, anything else is a 500. */
function fail(res: ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  if (status >= 500)
    process.stderr.write(`sim inspect: ${err instanceof Error ? err.message : String(err)}\n`);
  const message =
    err instanceof HttpError ? err.message : `internal error: ${(err as Error)?.message ?? err}`;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
