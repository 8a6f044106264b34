import { describe, expect, it } from 'vitest';
import { buildPrompt, rotate, rotationsOf, sampleFrames } from '../../bench/prompt';
import { type QaItem, QaItemSchema } from '../../tasks/schema';

const choiceItem: QaItem = QaItemSchema.parse({
  id: 'q1',
  scene: '000001',
  task: 'depth_order',
  kind: 'static',
  question: 'Which is closer to the camera: the red chair or the blue box?',
  choices: ['the red chair', 'the blue box', 'the lamp'],
  answer: 'B',
  answer_type: 'choice',
  unit: null,
  images: ['scenes/000001/frames/00/rgb.png'],
  targets: [1, 2],
  answer_object: 2,
  pair: null,
  split: 'test',
});
const numberItem: QaItem = QaItemSchema.parse({
  ...choiceItem,
  id: 'q2',
  task: 'distance',
  question: 'How far apart are the red chair and the blue box?',
  choices: null,
  answer: 2.37,
  answer_type: 'number',
  unit: 'm',
  answer_object: null,
});

describe('buildPrompt', () => {
  it('lists the options and asks for the letter (lmms-eval / VLMEvalKit convention)', () => {
    const p = buildPrompt(choiceItem, { style: 'direct', rotation: 0, maxFrames: null });
    expect(p.text).toBe(
      'Which is closer to the camera: the red chair or the blue box?\nOptions:\nA. the red chair\nB. the blue box\nC. the lamp\n' +
        "Answer with the option's letter from the given choices directly.",
    );
    expect(p.answer).toBe('B');
    expect(p.images).toEqual(choiceItem.images);
  });

  it('moves the right letter with the rotated options', () => {
    const p1 = buildPrompt(choiceItem, { style: 'direct', rotation: 1, maxFrames: null });
    expect(p1.choices).toEqual(['the blue box', 'the lamp', 'the red chair']);
    expect(p1.answer).toBe('A');
    const p2 = buildPrompt(choiceItem, { style: 'direct', rotation: 2, maxFrames: null });
    expect(p2.choices).toEqual(['the lamp', 'the red chair', 'the blue box']);
    expect(p2.answer).toBe('C');
  });

  it('asks numeric questions for a number in the unit', () => {
    const p = buildPrompt(numberItem, { style: 'direct', rotation: 0, maxFrames: null });
    expect(p.text).toBe(
      'How far apart are the red chair and the blue box?\nAnswer with a number in meters (m).\n' +
        'Please answer the question using a single word or phrase.',
    );
    expect(p.choices).toBeNull();
    expect(p.answer).toBeNull();
  });

  it('asks for reasoning and a final "Answer:" line in the cot style', () => {
    expect(buildPrompt(choiceItem, { style: 'cot', rotation: 0, maxFrames: null }).text).toMatch(
      /C\. the lamp\nThink step by step, .*"Answer: X"/,
    );
    expect(buildPrompt(numberItem, { style: 'cot', rotation: 0, maxFrames: null }).text).toMatch(
      /"Answer: <number> m"\.$/,
    );
  });
});

describe('rotate and rotationsOf', () => {
  it('rotates left and asks choice items once per option in circular mode', () => {
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotationsOf(choiceItem, true)).toBe(3);
    expect(rotationsOf(choiceItem, false)).toBe(1);
    expect(rotationsOf(numberItem, true)).toBe(1);
  });
});

describe('sampleFrames', () => {
  const frames = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
  it('keeps first and last, evenly spaced', () => {
    expect(sampleFrames(frames, 2)).toEqual(['f0', 'f6']);
    expect(sampleFrames(frames, 3)).toEqual(['f0', 'f3', 'f6']);
    expect(sampleFrames(frames, 4)).toEqual(['f0', 'f2', 'f4', 'f6']);
    expect(sampleFrames(frames, 1)).toEqual(['f0']);
    expect(sampleFrames(frames, 10)).toEqual(frames);
    expect(sampleFrames(frames, null)).toEqual(frames);
  });
});
