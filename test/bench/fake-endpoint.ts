import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { QaItem } from '../../tasks/schema';
import type { FixtureDataset } from '../helpers/fixture-dataset';

/**
 * A real OpenAI-compatible chat completions server on 127.0.0.1 for tests. A policy decides each
 * reply: an answer, an HTTP error, or a fault (hang, malformed JSON, truncated body, reset).
 */

export interface ChatRequest {
  /** Order of arrival, from 0. */
  index: number;
  body: { model: string; messages: { role: string; content: unknown }[]; [key: string]: unknown };
  headers: IncomingMessage['headers'];
  /** The text part of the user message. */
  text: string;
  /** The image data URLs, in order. */
  images: string[];
  /** Identifies the question as asked (text and images). */
  key: string;
  /** How many requests with this key arrived before this one. */
  attempt: number;
  /** performance.now() when its body had arrived. */
  receivedAt: number;
}

export type Reply =
  | { answer: string }
  | { status: number; headers?: Record<string, string>; body?: string }
  | { fault: 'hang' | 'malformed' | 'truncated' | 'reset' | 'null-content' };

export interface FakeEndpoint {
  /** The base URL to pass as --base-url (…/v1). */
  url: string;
  requests: ChatRequest[];
  /** How many times each key got a 200 answer. */
  answered: Map<string, number>;
  close(): Promise<void>;
}

export async function startFakeEndpoint(
  policy: (req: ChatRequest) => Reply | Promise<Reply>,
): Promise<FakeEndpoint> {
  const requests: ChatRequest[] = [];
  const answered = new Map<string, number>();
  const attempts = new Map<string, number>();
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
      return send(res, 404, { error: { message: 'not found' } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
    const content = body.messages[0].content;
    const parts =
      typeof content === 'string'
        ? [{ type: 'text', text: content }]
        : (content as { type: string; text?: string; image_url?: { url: string } }[]);
    const text = parts.find((p) => p.type === 'text')?.text ?? '';
    const images = parts.filter((p) => p.type === 'image_url').map((p) => p.image_url!.url);
    const key = createHash('sha256')
      .update(JSON.stringify([text, images]))
      .digest('hex');
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const request: ChatRequest = {
      index: requests.length,
      body,
      headers: req.headers,
      text,
      images,
      key,
      attempt,
      receivedAt: performance.now(),
    };
    requests.push(request);
    const reply = await policy(request);
    if ('answer' in reply) {
      answered.set(key, (answered.get(key) ?? 0) + 1);
      return send(res, 200, completion(reply.answer));
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      return res.end(reply.body ?? JSON.stringify({ error: { message: `status ${reply.status}` } }));
    }
    switch (reply.fault) {
      case 'hang':
        return; // never answers; close() cuts the connection
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"choices": [{"message": {"content": "A"');
      case 'truncated': {
        const full = JSON.stringify(completion('A'));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
        res.write(full.slice(0, 20));
        return setTimeout(() => res.destroy(), 10);
      }
      case 'reset':
        return req.socket.destroy();
      case 'null-content':
        answered.set(key, (answered.get(key) ?? 0) + 1);
        return send(res, 200, {
          ...completion(''),
          choices: [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'length' }],
        });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 2, total_tokens: 102 },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Knows the fixture's ground truth and finds which item a request asks about. */
export class Oracle {
  private readonly pathOfImage = new Map<string, string>();
  private readonly contexts = new Map<string, string>();

  constructor(private readonly fixture: FixtureDataset) {
    for (const item of fixture.items) {
      for (const path of item.images) {
        const b64 = readFileSync(join(fixture.dir, path)).toString('base64');
        this.pathOfImage.set(`data:image/png;base64,${b64}`, path);
      }
      if (item.context)
        this.contexts.set(item.context, readFileSync(join(fixture.dir, item.context), 'utf8'));
    }
  }

  /**
   * The item asked: same question, and the images sent are among its images in order; a text item
   * (no images) when its description precedes the question.
   */
  itemOf(req: ChatRequest): QaItem {
    const paths = req.images.map((url) => this.pathOfImage.get(url));
    const found = this.fixture.items.find((q) =>
      q.context
        ? req.images.length === 0 && req.text.includes(`\n\n${this.contexts.get(q.context)}\n${q.question}\n`)
        : req.text.startsWith(`${q.question}\n`) && isSubsequence(paths, q.images),
    );
    if (!found) throw new Error(`no fixture item matches ${JSON.stringify(req.text)}`);
    return found;
  }

  /** The options as presented: lines "A. …" after "Options:". */
  presented(req: ChatRequest): string[] {
    return [...req.text.matchAll(/^([A-Z])\. (.*)$/gm)].map((m) => m[2]);
  }

  /** The right letter as presented (after any rotation). */
  rightLetter(req: ChatRequest): string {
    const item = this.itemOf(req);
    const right = item.choices![(item.answer as string).charCodeAt(0) - 65];
    return String.fromCharCode(65 + this.presented(req).indexOf(right));
  }

  /** The ground truth as a model would say it: the right letter, or the number with its unit. */
  truth(req: ChatRequest): string {
    const item = this.itemOf(req);
    if (item.answer_type === 'choice') return this.rightLetter(req);
    return item.unit === 'count' ? String(item.answer) : `${item.answer} ${item.unit}`;
  }
}

function isSubsequence(paths: readonly (string | undefined)[], of: readonly string[]): boolean {
  let j = 0;
  for (const p of paths) {
    while (j < of.length && of[j] !== p) j++;
    if (j === of.length) return false;
    j++;
  }
  return true;
}
