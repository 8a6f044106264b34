import { describe, expect, it } from 'vitest';
import { extractStructured, normaliseStep } from '../../bench/extract-structured';
import { scoreStructured } from '../../bench/score-structured';
import { centerReply, oracleReply, randomReply } from '../../bench/structured-baselines';
import { Rng } from '../../sim/rng';
import type { QaItem } from '../../tasks/schema';
import { encodeRegion } from '../../tasks/structured';

/** Only what extraction and scoring read of an item. */
function item(fields: Partial<QaItem>): QaItem {
  return { id: 'q', task: 't', question: '?', choices: null, unit: null, images: [], ...fields } as QaItem;
}

const LAYOUT = item({
  answer_type: 'layout',
  frame: 'grid',
  grid: 10,
  answer: { 'the red chair': [2, 3], 'the bed': [7, 7], 'the floor lamp': [0, 9] },
});
const METRIC = item({
  answer_type: 'layout',
  frame: 'metric',
  answer: { 'the sofa': [-1.2, 3.4], 'the desk': [0.8, 2.0], 'the plant': [1.5, 4.1] },
});
const MAP = ['..........', '...A......', '..........', '.......B..', '..........'].concat(
  Array(5).fill('..........'),
);
const ASCII = item({
  answer_type: 'ascii',
  grid: 10,
  legend: { A: 'the bed', B: 'the desk' },
  answer: MAP.join('\n'),
});
const BOX = item({
  answer_type: 'box',
  coords: 'pixel',
  image_size: [512, 512],
  answer: [100, 200, 300, 400],
});
const BOX_1000 = { ...BOX, coords: 'norm1000' as const, image_size: [500, 250] as [number, number] };
const MASK = new Uint8Array(64 * 64);
for (let y = 20; y < 44; y++) for (let x = 10; x < 34; x++) MASK[y * 64 + x] = 1;
const POINT = item({
  answer_type: 'point',
  coords: 'pixel',
  image_size: [64, 64],
  answer: encodeRegion(MASK, 64, 64),
});
const SEQUENCE = item({
  answer_type: 'sequence',
  answer: ['turn left', 'go forward 2.0 m', 'turn right', 'go forward 1.5 m'],
});

const lenient = (q: QaItem, text: string) => extractStructured(q, text, 'lenient');
const strict = (q: QaItem, text: string) => extractStructured(q, text, 'strict');
const score = (q: QaItem, text: string) => scoreStructured(q, lenient(q, text)).score;

describe('layouts', () => {
  it.each([
    ['{"the red chair": [2, 3], "the bed": [7, 7], "the floor lamp": [0, 9]}', 1],
    ['```json\n{"red chair": [2, 3], "bed": [7, 8], "floor lamp": [1, 9]}\n```', 1],
    ["{'the red chair': (2, 3), 'the bed': (7, 7),}", 2 / 3],
    ['Here is the map:\n- the red chair: (2, 3)\n- the bed: row 7, column 7\n- the floor lamp -> [0, 9]', 1],
    ['{"the red chair": {"row": 2, "col": 3}, "the bed": {"row": 9, "column": 9}}', 1 / 3],
    ['I cannot tell from these images.', 0],
  ])('reads %j', (text, expected) => {
    expect(score(LAYOUT, text)).toBeCloseTo(expected, 9);
  });

  it('keeps the strict reader to the bare JSON object with exact names', () => {
    expect(strict(LAYOUT, '{"the red chair": [2, 3]}')).toEqual({ 'the red chair': [2, 3] });
    expect(strict(LAYOUT, 'Answer: {"the red chair": [2, 3]}')).toBeNull();
    expect(strict(LAYOUT, '{"red chair": [2, 3]}')).toBeNull();
  });

  it('reports cell distance, exact cells and pairwise relations', () => {
    const mirrored = lenient(
      LAYOUT,
      '{"the red chair": [2, 6], "the bed": [7, 2], "the floor lamp": [0, 0]}',
    );
    const { score: s, detail } = scoreStructured(LAYOUT, mirrored);
    expect(s).toBe(0);
    expect(detail.exact).toBe(0);
    // Rows kept, columns mirrored: every row relation right, every column relation wrong.
    expect(detail.relation).toBeCloseTo(3 / 6, 9);
    expect(detail.grid_distance).toBeCloseTo((3 + 5 + 9) / 3, 9);
  });

  it('scores the metric variant within a metre, with the error in metres', () => {
    const { score: s, detail } = scoreStructured(
      METRIC,
      lenient(METRIC, 'Answer: {"the sofa": [-1.0, 3.0], "the desk": [0.8, 3.5], "the plant": [1.5, 4.1]}'),
    );
    expect(s).toBeCloseTo(2 / 3, 9);
    expect(detail.within_0_5m).toBeCloseTo(2 / 3, 9);
    expect(detail.error_m).toBeCloseTo((Math.hypot(0.2, 0.4) + 1.5 + 0) / 3, 9);
  });
});

describe('ASCII maps', () => {
  it.each([
    [MAP.join('\n'), 1],
    [`Here is the map:\n\`\`\`\n${MAP.join('\n')}\n\`\`\``, 1],
    [MAP.map((r) => [...r].join(' ')).join('\n'), 1],
    [MAP.map((r) => `|${r.toLowerCase()}|`).join('\n'), 1],
    // Both letters one cell off: adjacent counts.
    [MAP.map((r) => `.${r.slice(0, 9)}`).join('\n'), 1],
    // A letter drawn twice places neither of its copies.
    [MAP.map((r, i) => (i === 9 ? 'A.........' : r)).join('\n'), 0.5],
    // Nine rows: malformed.
    [MAP.slice(1).join('\n'), 0],
  ])('reads map %#', (text, expected) => {
    expect(score(ASCII, text)).toBeCloseTo(expected, 9);
  });

  it('counts a malformed drawing as unparsable', () => {
    expect(lenient(ASCII, 'A is near the top left, B lower right.')).toBeNull();
    expect(strict(ASCII, `\`\`\`\n${MAP.join('\n')}\n\`\`\``)).toBeNull();
  });
});

describe('boxes', () => {
  it.each([
    ['[100, 200, 300, 400]', 1],
    ['The box is (100, 200, 300, 400).', 1],
    ['```json\n[{"bbox_2d": [110, 190, 290, 410], "label": "chair"}]\n```', 1],
    ['<|box_start|>(100,200),(300,400)<|box_end|>', 1],
    ['[300, 400, 100, 200]', 1],
    ['[0, 0, 100, 100]', 0],
    ['x1=100 y1=200', 0],
  ])('reads %j', (text, expected) => {
    expect(score(BOX, text)).toBe(expected);
  });

  it('converts 0–1000 coordinates to pixels', () => {
    const q = { ...BOX_1000, answer: [100, 50, 300, 150] } as QaItem;
    expect(lenient(q, '[200, 200, 600, 600]')).toEqual([100, 50, 300, 150]);
  });

  it('reports IoU', () => {
    const { detail } = scoreStructured(BOX, lenient(BOX, '[100, 200, 300, 300]'));
    expect(detail.iou).toBeCloseTo(0.5, 9);
  });
});

describe('points', () => {
  it.each([
    ['[20, 30]', 1],
    ['(33.5, 43.9)', 1],
    ['{"point_2d": [12, 22]}', 1],
    ['<point x="31.25" y="46.9" alt="table">table</point>', 1],
    ['x = 20, y = 30', 1],
    ['[34, 30]', 0],
    ['[20, 19.9]', 0],
    ['somewhere on the table', 0],
  ])('reads %j', (text, expected) => {
    expect(score(POINT, text)).toBe(expected);
  });
});

describe('sequences', () => {
  it.each([
    ['["turn left", "go forward 2.0 m", "turn right", "go forward 1.5 m"]', 1],
    ['1. Turn left\n2. Walk 2 meters\n3. Turn right\n4. Go forward 150 cm', 1],
    ['Answer: turn left, go forward 2.5 m, turn right, go forward 1.0 m', 1],
    ['["turn left", "go forward 3.0 m", "turn right", "go forward 1.5 m"]', 0],
    ['["turn right", "go forward 2.0 m", "turn right", "go forward 1.5 m"]', 0],
    ['I would go to the desk.', 0],
  ])('reads %j', (text, expected) => {
    expect(score(SEQUENCE, text)).toBe(expected);
  });

  it('reports edit similarity', () => {
    const { detail } = scoreStructured(SEQUENCE, lenient(SEQUENCE, '["turn right", "go forward 3.0 m"]'));
    expect(detail.edit_similarity).toBeCloseTo(1 - 3 / 4, 9);
  });

  it('normalises step wording', () => {
    expect(normaliseStep('Turn around.')).toBe('turn back');
    expect(normaliseStep('walk forward about 2.2 metres')).toBe('go forward 2.0 m');
    expect(normaliseStep('jump')).toBeNull();
  });
});

describe('baselines on structured answers', () => {
  const items = [LAYOUT, METRIC, ASCII, BOX, BOX_1000 as QaItem, POINT, SEQUENCE];

  it('the oracle scores 1 on every type, lenient and strict', () => {
    for (const q of items) {
      const reply = oracleReply(q);
      expect(scoreStructured(q, lenient(q, reply)).score, q.answer_type).toBe(1);
      expect(scoreStructured(q, strict(q, reply)).score, q.answer_type).toBe(1);
    }
  });

  it('garbage scores 0 on every type and never throws', () => {
    for (const q of items)
      for (const text of ['', '¯\\_(ツ)_/¯', '{"a": [1, 2', '[[[', 'null', '<|box_start|>', '1e999'])
        expect(scoreStructured(q, lenient(q, text)).score).toBe(0);
  });

  it('random and centre replies parse strictly', () => {
    const rng = Rng.root(1);
    for (const q of items) {
      expect(strict(q, randomReply(q, rng)), q.answer_type).not.toBeNull();
      expect(strict(q, centerReply(q)), q.answer_type).not.toBeNull();
    }
  });
});
