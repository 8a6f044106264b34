import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo, PairDetail, SceneDetail, ScenePage, SceneSummary } from '../../inspect/protocol';
import { loadResults } from '../../inspect/results';
import { InspectServer } from '../../inspect/server';
import { encodeGrey16, readGreyPng } from '../../render/png';
import { SceneSchema } from '../../sim/schema';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import { type InspectDataset, resultsFor, writeInspectDataset } from '../helpers/inspect-dataset';
import { rawExchange, rawGet } from './http';

const SECRET = 'TOP-SECRET-outside-the-dataset';

let data: InspectDataset;
let outside: string;
let server: InspectServer;
let base: string;
let port: number;

beforeAll(async () => {
  data = await writeInspectDataset();
  // A folder next to the dataset with a secret, reached from inside only through symlinks.
  outside = await mkdtemp(join(tmpdir(), 'sim-inspect-outside-'));
  await writeFile(join(outside, 'secret.txt'), SECRET);
  await writeFile(join(outside, 'scene.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(
    join(outside, 'qa.jsonl'),
    `${JSON.stringify({ ...data.items[0], scene: '999999', task: SECRET })}\n`,
  );
  await symlink(join(outside, 'secret.txt'), join(data.dir, 'link-out.txt'));
  await symlink(outside, join(data.dir, 'dir-out'));
  await symlink(outside, join(data.dir, 'scenes', '999999'));
  await symlink('../../dataset.json', join(data.dir, 'scenes', '000000', 'link-in.json'));
  const resultsPath = join(outside, 'results.jsonl');
  await writeFile(
    resultsPath,
    resultsFor(data.items)
      .map((l) => `${JSON.stringify(l)}\n`)
      .join(''),
  );
  server = await InspectServer.start({ dir: data.dir, results: await loadResults(resultsPath) });
  base = server.url.replace(/\/$/, '');
  port = Number(new URL(server.url).port);
  await server.index.scanned();
});

afterAll(async () => {
  await server?.close();
  await data?.remove();
  if (outside) await rm(outside, { recursive: true, force: true });
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(base + path);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

const sceneIds = () => data.scenes.map((s) => s.id);
/** The fixture's scene ids whose items satisfy `pred`, in order. */
const scenesWhere = (pred: (q: QaItem) => boolean) =>
  sceneIds().filter((id) => data.items.some((q) => q.scene === id && pred(q)));

describe('InspectServer: app and dataset API', () => {
  it('serves the page and the app bundle', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const js = await fetch(`${base}/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('describes the dataset, with the task names of the whole qa.jsonl once indexed', async () => {
    const info = await api<DatasetInfo>('/api/dataset');
    expect(info.scenes).toBe(data.scenes.length + 1); // the linked-out 999999 folder is listed, not read
    expect(info.counts).toEqual({
      scenes: data.scenes.length,
      frames: data.scenes.reduce((n, s) => n + s.frames.length, 0),
      items: data.items.length,
    });
    expect(info.index.state).toBe('complete');
    expect(info.index.tasks).toEqual([...new Set(data.items.map((q) => q.task))].sort());
    expect(info.models).toEqual(['m1', 'm2']);
  });

  it('pages the scene list with a cursor', async () => {
    const first = await api<ScenePage>('/api/scenes?limit=2');
    expect(first.scenes.map((s) => s.id)).toEqual(sceneIds().slice(0, 2));
    expect(first.total).toBe(data.scenes.length + 1);
    const rest = await api<ScenePage>(`/api/scenes?limit=100&cursor=${first.next}`);
    expect([...first.scenes, ...rest.scenes].map((s) => s.id)).toEqual([...sceneIds(), '999999']);
    expect(rest.next).toBeNull();
    const s0 = first.scenes[0];
    const own = data.items.filter((q) => q.scene === s0.id);
    expect(s0).toEqual<SceneSummary>({
      id: s0.id,
      split: own[0].split,
      items: own.length,
      tasks: [...new Set(own.map((q) => q.task))].sort(),
      roles: [...new Set(own.flatMap((q) => (q.pair ? [q.pair.role] : [])))].sort(),
      failures: expect.any(Object),
    });
  });

  it('filters by task, split, pair role, model failure and id', async () => {
    const ids = async (query: string) =>
      (await api<ScenePage>(`/api/scenes?${query}`)).scenes.map((s) => s.id);
    expect(await ids('task=object_motion')).toEqual(scenesWhere((q) => q.task === 'object_motion'));
    expect(await ids('split=val')).toEqual(scenesWhere((q) => q.split === 'val'));
    expect(await ids('role=counter')).toEqual(scenesWhere((q) => q.pair?.role === 'counter'));
    expect(await ids('role=consistent')).toEqual(scenesWhere((q) => q.pair?.role === 'consistent'));
    expect(await ids('role=paired')).toEqual(scenesWhere((q) => q.pair !== null));
    expect(await ids('failed=m2')).toEqual(scenesWhere((q) => q.task === 'distance' && q.split === 'val'));
    expect(await ids('failed=*')).toEqual(
      scenesWhere(
        (q) =>
          q.pair?.role === 'counter' || q.task === 'size' || (q.task === 'distance' && q.split === 'val'),
      ),
    );
    expect(await ids('q=05')).toEqual(['000005']);
    const counted = await api<ScenePage>('/api/scenes?task=size&split=train');
    expect(counted.total).toBe(scenesWhere((q) => q.task === 'size' && q.split === 'train').length);
  });

  it("returns a scene with its frames' files and exactly its qa.jsonl items, with model answers", async () => {
    for (const s of data.scenes) {
      const detail = await api<SceneDetail>(`/api/scene/${s.id}`);
      const onDisk = JSON.parse(await readFile(join(data.dir, 'scenes', s.id, 'scene.json'), 'utf8'));
      expect(SceneSchema.parse(detail.scene)).toEqual(onDisk);
      const lines = (await readFile(join(data.dir, 'scenes', s.id, 'qa.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => QaItemSchema.parse(JSON.parse(l)));
      expect(detail.items.map((v) => v.item)).toEqual(lines);
      expect(detail.errors).toEqual([]);
      for (const v of detail.items) {
        const m1 = v.answers.find((a) => a.model === 'm1')!;
        expect(m1.correct).toBe(!(v.item.pair?.role === 'counter' || v.item.task === 'size'));
        expect(m1.text).toBe(
          typeof v.item.answer === 'number'
            ? String(m1.correct ? v.item.answer : v.item.answer * 2)
            : m1.correct
              ? v.item.answer
              : 'Z',
        );
      }
      for (const f of detail.frames) {
        const res = await fetch(`${base}/files/${f.rgb}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/png');
        expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(join(data.dir, f.rgb)));
      }
    }
  });

  it('finds both twins of a pair that spans two scenes', async () => {
    const pair = await api<PairDetail>('/api/pair?id=pair-000003');
    expect(pair.items.map((v) => [v.item.scene, v.item.pair?.role])).toEqual([
      ['000003', 'consistent'],
      ['000005', 'counter'],
    ]);
    expect((await fetch(`${base}/api/pair?id=no-such-pair`)).status).toBe(404);
  });

  it('serves depth and seg as exact 16-bit values', async () => {
    const s = data.scenes[1];
    for (const layer of ['depth', 'seg'] as const) {
      const res = await fetch(`${base}/api/layer?scene=${s.id}&frame=1&layer=${layer}`);
      expect(res.status).toBe(200);
      const values = new Uint16Array(await res.arrayBuffer());
      const png = await readGreyPng(join(data.dir, 'scenes', s.id, 'frames', '01', `${layer}.png`));
      expect(Number(res.headers.get('x-image-width'))).toBe(png.width);
      expect(Number(res.headers.get('x-image-height'))).toBe(png.height);
      expect(values).toEqual(png.data);
    }
    // Depth really is 16-bit: metric values above 255 mm and more than 256 distinct codes.
    const depth = new Uint16Array(
      await (await fetch(`${base}/api/layer?scene=${s.id}&frame=0&layer=depth`)).arrayBuffer(),
    );
    expect(Math.max(...depth)).toBeGreaterThan(1000);
    expect(new Set(depth).size).toBeGreaterThan(256);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await rawGet(port, '/files/dataset.json', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(
      (await readFile(join(data.dir, 'dataset.json'))).length,
    );
    expect(res.body.length).toBe(0);
  });
});

describe('InspectServer: hostile and malformed requests', () => {
  const traversals = [
    '/files/../secret.txt',
    '/files/../../../../../../etc/passwd',
    '/files/scenes/../../secret.txt',
    '/files/%2e%2e/%2e%2e/etc/passwd',
    '/files/%2E%2E%2Fsecret.txt',
    '/files/..%2f..%2f..%2fetc%2fpasswd',
    '/files/..%5c..%5cetc%5cpasswd',
    '/files/scenes\\..\\..\\secret.txt',
    '/files/%2fetc%2fpasswd',
    '/files//etc/passwd',
    '/files/C:%5cWindows%5cwin.ini',
    '/files/dataset.json%00.png',
    '/files/./dataset.json',
    '/files/scenes/',
    '/files/link-out.txt',
    '/files/dir-out/secret.txt',
    '/files/scenes/999999/scene.json',
    '/files/%252e%252e/secret.txt',
    '/files/%E0%A4%A',
    '/files/%',
  ];

  it.each(traversals)('refuses %s with a 4xx JSON error and no outside bytes', async (target) => {
    const res = await rawGet(port, target);
    expect(res.status, target).toBeGreaterThanOrEqual(400);
    expect(res.status, target).toBeLessThan(500);
    expect(res.body.toString()).not.toContain(SECRET);
    expect(res.body.toString()).not.toContain('root:');
    expect(JSON.parse(res.body.toString())).toHaveProperty('error');
  });

  it('follows a symlink that stays inside the dataset', async () => {
    const res = await rawGet(port, '/files/scenes/000000/link-in.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await readFile(join(data.dir, 'dataset.json')));
  });

  it('never reads a scene folder that links outside, through any route', async () => {
    expect((await rawGet(port, '/api/scene/999999')).status).toBe(403);
    expect((await rawGet(port, '/api/layer?scene=999999&frame=0&layer=depth')).status).toBeGreaterThanOrEqual(
      400,
    );
    const page = await api<ScenePage>('/api/scenes?q=999999');
    expect(page.scenes).toEqual([
      { id: '999999', split: null, items: 0, tasks: [], roles: [], failures: {} },
    ]);
    const info = await api<DatasetInfo>('/api/dataset');
    expect(info.index.tasks).not.toContain(SECRET);
  });

  it.each([
    ['/api/scene/abc', 400],
    ['/api/scene/../../etc', 400],
    ['/api/scene/123456', 404],
    ['/api/scenes?limit=-1', 400],
    ['/api/scenes?limit=1&limit=2', 400],
    ['/api/scenes?cursor=abc', 400],
    ['/api/scenes?split=nope', 400],
    ['/api/scenes?task=%3Cscript%3E', 400],
    ['/api/scenes?bogus=1', 400],
    ['/api/dataset?x=1', 400],
    ['/api/layer?scene=000000&frame=0&layer=rgb', 400],
    ['/api/layer?scene=000000&frame=99&layer=depth', 404],
    ['/api/layer?scene=000000&frame=0', 400],
    ['/api/pair', 400],
    ['/api/nothing', 404],
    ['/nothing', 404],
    ['/app.js/../../package.json', 404],
  ])('answers %s with %i', async (target, status) => {
    const res = await rawGet(port, target);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body.toString())).toHaveProperty('error');
  });

  it('refuses other methods, absolute-form targets and foreign Host headers', async () => {
    const post = await rawGet(port, '/api/dataset', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await rawGet(port, '/files/dataset.json', { method: 'DELETE' })).status).toBe(405);
    expect((await rawGet(port, `http://127.0.0.1:${port}/files/dataset.json`)).status).toBe(400);
    expect((await rawGet(port, '*', { method: 'OPTIONS' })).status).toBe(405);
    // DNS rebinding: a page served by evil.example resolving to 127.0.0.1 must not read the dataset.
    expect((await rawGet(port, '/files/dataset.json', { host: 'evil.example' })).status).toBe(403);
    expect((await rawGet(port, '/files/dataset.json', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers garbage that is not HTTP with 400 and keeps serving', async () => {
    for (const junk of [
      '\x00\x01\x02 not http\r\n\r\n',
      'GET /files/dataset.json HTTP/9.9\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    ]) {
      const res = await rawExchange(port, junk);
      expect(res.status, JSON.stringify(junk)).toBe(400);
    }
    expect((await fetch(`${base}/api/dataset`)).status).toBe(200);
  });
});

describe('InspectServer: hand-made datasets', () => {
  it('serves a 16-bit seg.png (ids above 255) value for value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-inspect-seg16-'));
    try {
      const frame = join(dir, 'scenes', '000000', 'frames', '00');
      await mkdir(frame, { recursive: true });
      const [W, H] = [40, 30];
      const ids = Uint16Array.from({ length: W * H }, (_, p) => (p % W < 10 ? 0 : 250 + (p % 60)));
      await writeFile(join(frame, 'seg.png'), await encodeGrey16(ids, W, H));
      const server16 = await InspectServer.start({ dir });
      try {
        const res = await fetch(`${server16.url}api/layer?scene=000000&frame=0&layer=seg`);
        expect(res.status).toBe(200);
        expect(new Uint16Array(await res.arrayBuffer())).toEqual(ids);
      } finally {
        await server16.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a scene.json that fails its schema and a bad qa line without failing the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-inspect-broken-'));
    const s = data.scenes[0];
    try {
      await mkdir(join(dir, 'scenes', '000000'), { recursive: true });
      await mkdir(join(dir, 'scenes', '000001'), { recursive: true });
      await writeFile(join(dir, 'scenes', '000000', 'scene.json'), JSON.stringify({ ...s, objects: 'none' }));
      await writeFile(
        join(dir, 'scenes', '000001', 'scene.json'),
        JSON.stringify({ ...s, id: '000001', index: 1 }),
      );
      const good = data.items.filter((q) => q.scene === s.id).map((q) => ({ ...q, scene: '000001' }));
      await writeFile(
        join(dir, 'scenes', '000001', 'qa.jsonl'),
        `${JSON.stringify(good[0])}\nnot json\n${JSON.stringify({ ...good[1], split: 'nope' })}\n`,
      );
      const broken = await InspectServer.start({ dir });
      await broken.index.scanned();
      try {
        const b = broken.url.replace(/\/$/, '');
        const bad = await fetch(`${b}/api/scene/000000`);
        expect(bad.status).toBe(500);
        expect((await bad.json()).error).toMatch(/^scenes\/000000\/scene\.json: objects/);
        const ok = (await (await fetch(`${b}/api/scene/000001`)).json()) as SceneDetail;
        expect(ok.items.map((v) => v.item.id)).toEqual([good[0].id]);
        expect(ok.errors).toEqual([
          expect.stringMatching(/^scenes\/000001\/qa\.jsonl:2: not valid JSON/),
          expect.stringMatching(/^scenes\/000001\/qa\.jsonl:3: split/),
        ]);
        const info = (await (await fetch(`${b}/api/dataset`)).json()) as DatasetInfo;
        expect(info.warnings).toContain('dataset.json: not found');
        expect(info.index.state).toBe('missing');
      } finally {
        await broken.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
