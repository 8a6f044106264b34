import { readdir, stat } from 'node:fs/promises';
import { z } from 'zod';
import { qaPath, sceneQaPath, scenesDir } from '../sim/layout';
import { QaItemSchema } from '../tasks/schema';
import { readJsonLines } from '../util/jsonl';
import type { IndexState, PairRole, SceneFilter, ScenePage, SceneSummary, Split } from './protocol';
import { failuresOf, type Results } from './results';
import { resolveUnder } from './safe-path';

/**
 * The scene list of a dataset that may hold 20,000 scenes, built lazily: the folder names of
 * DIR/scenes are listed (and listed again when the folder changes), a scene's summary comes from
 * its own small qa.jsonl the first time a page shows it, and one background pass over the big
 * DIR/qa.jsonl fills in every summary so that filters can count over the whole dataset. No
 * scene.json is read here.
 */

/** The fields of a qa.jsonl line the list filters on (the whole line is validated where it is shown). */
export const QaSummaryLineSchema = z.looseObject({
  id: QaItemSchema.shape.id,
  scene: QaItemSchema.shape.scene,
  task: QaItemSchema.shape.task,
  split: QaItemSchema.shape.split,
  pair: QaItemSchema.shape.pair,
});
type QaSummaryLine = z.infer<typeof QaSummaryLineSchema>;

/** Per-scene qa.jsonl files read for one page at most: a rare filter then pages on, instead of stalling. */
const READS_PER_PAGE = 400;

/** Folder names are scene ids: digits, at least six. */
const SCENE_DIR = /^\d{6,}$/;

class SummaryBuilder {
  private readonly ids: string[] = [];
  private readonly tasks = new Set<string>();
  private readonly roles = new Set<PairRole>();
  private split: Split | null = null;

  add(line: QaSummaryLine): void {
    this.ids.push(line.id);
    this.tasks.add(line.task);
    if (line.pair) this.roles.add(line.pair.role);
    this.split ??= line.split;
  }

  build(id: string, results: Results): SceneSummary {
    return {
      id,
      split: this.split,
      items: this.ids.length,
      tasks: [...this.tasks].sort(),
      roles: [...this.roles].sort(),
      failures: failuresOf(results, this.ids),
    };
  }
}

export function matchesFilter(s: SceneSummary, f: SceneFilter): boolean {
  if (f.q && !s.id.includes(f.q)) return false;
  if (f.task && !s.tasks.includes(f.task)) return false;
  if (f.split && s.split !== f.split) return false;
  if (f.role && (f.role === 'paired' ? s.roles.length === 0 : !s.roles.includes(f.role))) return false;
  if (f.failed && (f.failed === '*' ? Object.keys(s.failures).length === 0 : !s.failures[f.failed]))
    return false;
  return true;
}

/** Whether a filter needs the scenes' questions, not just their folder names. */
function needsSummaries(f: SceneFilter): boolean {
  return Boolean(f.task || f.split || f.role || f.failed);
}

export class DatasetIndex {
  private ids: string[] = [];
  private idSet = new Set<string>();
  private listedAt = Number.NaN;
  private listing: Promise<string[]> | null = null;
  private readonly summaries = new Map<string, SceneSummary>();
  private readonly pairs = new Map<string, string[]>();
  private readonly tasks = new Set<string>();
  private scan: IndexState = { state: 'scanning', lines: 0, invalid: 0, tasks: [] };
  private scanDone: Promise<void> = Promise.resolve();
  /** Counters for tests and logs: proof that pages read only what they show. */
  readonly reads = { sceneQa: 0, listings: 0 };
  readonly warnings: string[] = [];

  /** `dir` must be a real path (no symlinks in it), as resolveUnder requires. */
  constructor(
    readonly dir: string,
    private readonly results: Results,
  ) {}

  /** Starts the one pass over DIR/qa.jsonl; pages are served meanwhile from per-scene files. */
  startScan(): void {
    this.scanDone = this.runScan();
  }

  /** Resolves when the background pass has ended (complete, missing or failed). */
  scanned(): Promise<void> {
    return this.scanDone;
  }

  get indexState(): IndexState {
    return { ...this.scan, tasks: [...this.tasks].sort() };
  }

  /** Scene folder names in index order, re-listed when DIR/scenes changes (a dataset being written). */
  async sceneIds(): Promise<string[]> {
    const dir = scenesDir(this.dir);
    const mtime = await stat(dir).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (mtime === this.listedAt) return this.ids;
    this.listing ??= (async () => {
      this.reads.listings++;
      const entries = mtime < 0 ? [] : await readdir(dir, { withFileTypes: true });
      const ids = entries
        .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && SCENE_DIR.test(e.name))
        .map((e) => e.name)
        .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      this.ids = ids;
      this.idSet = new Set(ids);
      this.listedAt = mtime;
      return ids;
    })().finally(() => {
      this.listing = null;
    });
    return this.listing;
  }

  async has(id: string): Promise<boolean> {
    await this.sceneIds();
    return this.idSet.has(id);
  }

  /** A scene's summary: cached, else from its own qa.jsonl (a missing file means no questions). */
  async summary(id: string): Promise<SceneSummary> {
    const cached = this.summaries.get(id);
    if (cached) return cached;
    // Once the whole-dataset pass is complete, a scene it did not see has no questions.
    if (this.scan.state === 'complete') return new SummaryBuilder().build(id, this.results);
    const builder = new SummaryBuilder();
    this.reads.sceneQa++;
    // Through the same checks as a file request: a scene folder linked to outside DIR is not read.
    const file = await resolveUnder(this.dir, sceneQaPath('', Number(id)));
    if (file.ok)
      await readJsonLines(
        file.path,
        QaSummaryLineSchema,
        (line) => builder.add(line),
        () => undefined,
      ).catch(() => undefined);
    const summary = builder.build(id, this.results);
    this.summaries.set(id, summary);
    return summary;
  }

  /**
   * One page of the (filtered) list, walking the folder list from `cursor`. Before the background
   * pass completes, a filter on questions reads at most READS_PER_PAGE per-scene files and may return
   * a short page with a `next` cursor; the app keeps paging while the list's end is in view.
   */
  async page(filter: SceneFilter, cursor: number, limit: number): Promise<ScenePage> {
    const ids = await this.sceneIds();
    const wanted = needsSummaries(filter);
    const found: SceneSummary[] = [];
    let i = Math.min(cursor, ids.length);
    let reads = 0;
    while (i < ids.length && found.length < limit) {
      const id = ids[i];
      if (filter.q && !id.includes(filter.q)) {
        i++;
        continue;
      }
      const cached = this.summaries.has(id) || this.scan.state === 'complete';
      if (!cached && wanted && reads >= READS_PER_PAGE) break;
      if (!cached) reads++;
      const s = await this.summary(id);
      if (matchesFilter(s, filter)) found.push(s);
      i++;
    }
    return { scenes: found, next: i < ids.length ? i : null, total: this.count(ids, filter), of: ids.length };
  }

  /** Matches in the whole dataset when that needs no file reads, else null. */
  private count(ids: string[], filter: SceneFilter): number | null {
    if (!needsSummaries(filter))
      return filter.q ? ids.filter((id) => id.includes(filter.q!)).length : ids.length;
    if (this.scan.state !== 'complete') return null;
    let n = 0;
    for (const id of ids) {
      const s = this.summaries.get(id);
      if (s ? matchesFilter(s, filter) : matchesFilter(new SummaryBuilder().build(id, this.results), filter))
        n++;
    }
    return n;
  }

  /** Scene ids holding the items of a pair; waits for the background pass (null if it did not complete). */
  async pairScenes(pairId: string): Promise<string[] | null> {
    await this.scanDone;
    if (this.scan.state !== 'complete') return null;
    return this.pairs.get(pairId) ?? [];
  }

  private async runScan(): Promise<void> {
    const builders = new Map<string, SummaryBuilder>();
    const file = await resolveUnder(this.dir, qaPath(''));
    if (!file.ok) {
      this.scan.state = 'missing';
      return;
    }
    try {
      await readJsonLines(
        file.path,
        QaSummaryLineSchema,
        (line) => {
          this.scan.lines++;
          this.tasks.add(line.task);
          let b = builders.get(line.scene);
          if (!b) builders.set(line.scene, (b = new SummaryBuilder()));
          b.add(line);
          if (line.pair) {
            const scenes = this.pairs.get(line.pair.id) ?? [];
            if (!scenes.includes(line.scene)) scenes.push(line.scene);
            this.pairs.set(line.pair.id, scenes);
          }
        },
        (reason) => {
          this.scan.lines++;
          this.scan.invalid++;
          if (this.scan.invalid <= 3) this.warnings.push(`qa.jsonl:${reason}`);
        },
      );
      for (const [id, b] of builders) this.summaries.set(id, b.build(id, this.results));
      this.scan.state = 'complete';
    } catch (err) {
      this.scan.state = 'failed';
      this.warnings.push(`qa.jsonl: ${(err as Error).message}`);
    }
  }
}
