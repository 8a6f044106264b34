import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { type QaItem, QaItemSchema } from '../../tasks/schema';
import { runCli } from '../helpers/cli';

/**
 * A small dataset exactly as `sim generate` makes it, for the export tests that need its whole
 * range of questions: walkthrough scenes (frames and video.mp4), text-form twins, structured
 * answers (layouts, maps, sequences), at 64 px with 8 frames a walk, every scene in the test split.
 */
const CONFIG = `image: { width: 64, height: 64 }
walkthrough_fraction: 1
dynamic_fraction: 0
multiview_fraction: 0
walkthrough: { frames: 8 }
splits: { train: 0, val: 0, test: 1 }
`;

/** Generates the dataset into `dir` (3 scenes, seed 7) and returns its questions in qa.jsonl order. */
export async function generateWalkthroughs(dir: string): Promise<QaItem[]> {
  const config = `${dir}.yaml`;
  await writeFile(config, CONFIG);
  const r = await runCli([
    'generate',
    '--scenes',
    '3',
    '--seed',
    '7',
    '--workers',
    '1',
    '--config',
    config,
    '--out',
    dir,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const lines = (await readFile(`${dir}/qa.jsonl`, 'utf8')).split('\n').filter(Boolean);
  return lines.map((l) => QaItemSchema.parse(JSON.parse(l)));
}
