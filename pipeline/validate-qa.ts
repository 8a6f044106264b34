import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { boxInFrameShare } from '../sim/camera';
import { boxCorners } from '../sim/geometry';
import { framePath, qaPath, sceneQaPath } from '../sim/layout';
import { type Frame, type Scene, type SceneObject, sceneId } from '../sim/schema';
import { sceneTexts } from '../tasks/index';
import { type QaItem, QaItemSchema } from '../tasks/schema';
import { formatZodError } from '../util/errors';
import { readLines } from '../util/jsonl';
import { countItem, type TaskSplitCounts } from './counts';
import type { Problems } from './validate-problems';

/**
 * The question checks of `sim validate`: each scene's qa.jsonl against its scene, then DIR/qa.jsonl
 * against the scenes' files and the dataset-wide rules (unique ids, minimal pairs).
 */

/** Every line of a scene's qa.jsonl against its scene; returns the number of lines. */
export function checkSceneQa(
  text: string,
  scene: Scene,
  rel: string,
  problems: Problems,
  opts: { minInFrame: number },
): { lines: number; contexts: Map<string, string> } {
  const images = new Map(scene.frames.map((f) => [framePath(scene.index, f.index, 'rgb'), f]));
  const objects = new Map(scene.objects.map((o) => [o.id, o]));
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (lines.length) problems.add('qa', `${rel}/qa.jsonl: the last line has no line end (truncated?)`);
  const items: QaItem[] = [];
  lines.forEach((line, k) => {
    const where = `${rel}/qa.jsonl:${k + 1}`;
    const item = parseItem(line, where, problems);
    if (!item) return;
    items.push(item);
    const ref = (message: string) => problems.add('reference', `${where} (${item.id}): ${message}`);
    if (item.context && !item.context.startsWith(`${rel}/`))
      ref(`context ${item.context} is no text of this scene`);
    if (item.scene !== scene.id) ref(`scene is "${item.scene}"`);
    if (item.split !== scene.split) ref(`split is ${item.split}, the scene's is ${scene.split}`);
    for (const image of item.images) if (!images.has(image)) ref(`image ${image} is no frame of this scene`);
    for (const t of item.targets) if (!objects.has(t)) ref(`target ${t} is no object of this scene`);
    if (item.answer_object !== null && !objects.has(item.answer_object))
      ref(`answer_object ${item.answer_object} is no object of this scene`);
    // Each object a question is about is mostly inside at least one of its images, by its box.
    const frames = item.images.map((p) => images.get(p)).filter((f) => f !== undefined);
    for (const t of item.targets) {
      const o = objects.get(t);
      if (!o || !frames.length) continue;
      const share = Math.max(...frames.map((f) => boxShareIn(f, o)));
      if (share < opts.minInFrame)
        problems.add(
          'framing',
          `${where} (${item.id}): target ${t} has ${(100 * share).toFixed(0)}% of its box in frame (at most), below ${(100 * opts.minInFrame).toFixed(0)}%`,
        );
    }
  });
  const contexts = sceneTexts(
    scene,
    items.filter((q) => q.context?.startsWith(`${rel}/`)),
  );
  return { lines: lines.length, contexts };
}

/** The share of an object's box inside a frame's image, at its pose in that frame. */
function boxShareIn(frame: Frame, o: SceneObject): number {
  const pose = frame.poses[String(o.id)] ?? o;
  const corners = boxCorners({ size: o.size, position: pose.position, yaw: pose.yaw });
  return boxInFrameShare(frame.K, frame.T_cam_world, frame.width, frame.height, corners);
}

function parseItem(line: string, where: string, problems: Problems): QaItem | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    problems.add('qa', `${where}: not valid JSON (${(err as Error).message})`);
    return null;
  }
  const parsed = QaItemSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.add('qa', `${where}: ${formatZodError(parsed.error)}`);
  return null;
}

/** A pair's members so far; `key` hashes what the two must share. */
interface PairState {
  consistent: number;
  counter: number;
  key: string;
  first: string;
}

/**
 * DIR/qa.jsonl, streamed: it must equal the scenes' qa.jsonl files joined in scene order (compared
 * line by line, reading one scene file at a time), and the dataset-wide rules hold on it: unique
 * ids, and depth_order pairs of exactly one consistent and one counter item with the same task,
 * question and targets. Returns the number of lines.
 */
export async function checkQaFile(
  root: string,
  scenes: number,
  byTask: TaskSplitCounts,
  problems: Problems,
): Promise<number> {
  const path = qaPath(root);
  if (!(await stat(path).catch(() => null))?.isFile()) {
    problems.add('layout', 'qa.jsonl: missing');
    return 0;
  }
  const expected = sceneLines(root, scenes);
  let comparing = true;
  const ids = new Set<string>();
  const pairs = new Map<string, PairState>();
  let lineNo = 0;
  for await (const line of readLines(path)) {
    lineNo++;
    const where = `qa.jsonl:${lineNo}`;
    let same = false;
    if (comparing) {
      const want = await expected.next();
      if (want.done) {
        problems.add('concat', `${where}: a line past the last scene's questions`);
        comparing = false;
      } else if (want.value === null) comparing = false;
      else if (want.value.line !== line) {
        problems.add('concat', `${where}: differs from ${want.value.where}`);
        comparing = false;
      } else same = true;
    }
    // A line equal to its scene's was already parsed (and any problem reported) by the scene check.
    const item = same ? safeItem(line) : parseItem(line, where, problems);
    if (!item) continue;
    countItem(byTask, item);
    if (ids.has(item.id)) problems.add('ids', `${where}: id ${JSON.stringify(item.id)} is used before`);
    ids.add(item.id);
    if (item.task === 'depth_order' && !item.pair)
      problems.add('pairs', `${where} (${item.id}): depth_order item without a pair`);
    if (item.pair) {
      const key = createHash('sha1')
        .update(JSON.stringify([item.task, item.question, item.targets]))
        .digest('base64');
      const p = pairs.get(item.pair.id) ?? { consistent: 0, counter: 0, key, first: `${where} (${item.id})` };
      pairs.set(item.pair.id, p);
      p[item.pair.role]++;
      if (p.key !== key)
        problems.add(
          'pairs',
          `${where} (${item.id}): pair "${item.pair.id}" asks another question than ${p.first}`,
        );
    }
  }
  if (comparing) {
    const want = await expected.next();
    if (!want.done && want.value)
      problems.add(
        'concat',
        `qa.jsonl: ends after ${lineNo} lines; ${want.value.where} and later are missing`,
      );
  }
  await expected.return(undefined);
  for (const [id, p] of pairs)
    if (p.consistent !== 1 || p.counter !== 1)
      problems.add(
        'pairs',
        `pair "${id}" (from ${p.first}): ${p.consistent} consistent and ${p.counter} counter item(s)`,
      );
  return lineNo;
}

function safeItem(line: string): QaItem | null {
  try {
    const parsed = QaItemSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The scenes' qa.jsonl lines in order; null where a scene's file is missing (already reported). */
async function* sceneLines(
  root: string,
  scenes: number,
): AsyncGenerator<{ line: string; where: string } | null> {
  for (let i = 0; i < scenes; i++) {
    const text = await readFile(sceneQaPath(root, i), 'utf8').catch(() => null);
    if (text === null) {
      yield null;
      return;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (let k = 0; k < lines.length; k++)
      yield { line: lines[k], where: `scenes/${sceneId(i)}/qa.jsonl:${k + 1}` };
  }
}
