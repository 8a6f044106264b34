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
  capabilities: ['spatial_relation'],
  level: 'perception',
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
    const p = buildPrompt(choiceItem, {
      style: 'direct',
      rotation: 0,
      maxFrames: null,
      videoAsUrl: false,
      context: null,
    });
    expect(p.text).toBe(
      'Which is closer to the camera: the red chair or the blue box?\nOptions:\nA. the red chair\nB. the blue box\nC. the lamp\n' +
        "Answer with the option's letter from the given choices directly.",
    );
    expect(p.answer).toBe('B');
    expect(p.images).toEqual(choiceItem.images);
  });

  it('moves the right letter with the rotated options', () => {
    const p1 = buildPrompt(choiceItem, {
      style: 'direct',
      rotation: 1,
      maxFrames: null,
      videoAsUrl: false,
      context: null,
    });
    expect(p1.choices).toEqual(['the blue box', 'the lamp', 'the red chair']);
    expect(p1.answer).toBe('A');
    const p2 = buildPrompt(choiceItem, {
      style: 'direct',
      rotation: 2,
      maxFrames: null,
      videoAsUrl: false,
      context: null,
    });
    expect(p2.choices).toEqual(['the lamp', 'the red chair', 'the blue box']);
    expect(p2.answer).toBe('C');
  });

  it('asks numeric questions for a number in the unit', () => {
    const p = buildPrompt(numberItem, {
      style: 'direct',
      rotation: 0,
      maxFrames: null,
      videoAsUrl: false,
      context: null,
    });
    expect(p.text).toBe(
      'How far apart are the red chair and the blue box?\nAnswer with a number in meters (m).\n' +
        'Please answer the question using a single word or phrase.',
    );
    expect(p.choices).toBeNull();
    expect(p.answer).toBeNull();
  });

  it('asks for reasoning and a final "Answer:" line in the cot style', () => {
    expect(
      buildPrompt(choiceItem, {
        style: 'cot',
        rotation: 0,
        maxFrames: null,
        videoAsUrl: false,
        context: null,
      }).text,
    ).toMatch(/C\. the lamp\nThink step by step, .*"Answer: X"/);
    expect(
      buildPrompt(numberItem, {
        style: 'cot',
        rotation: 0,
        maxFrames: null,
        videoAsUrl: false,
        context: null,
      }).text,
    ).toMatch(/"Answer: <number> m"\.$/);
  });
});

describe('buildPrompt: text form, videos and structured answers', () => {
  const direct = { style: 'direct' as const, rotation: 0, maxFrames: null, videoAsUrl: false, context: null };
  const walk = QaItemSchema.parse({
    ...choiceItem,
    id: 'q3',
    task: 'recall',
    kind: 'dynamic',
    images: [0, 1, 2, 3].map((k) => `scenes/000001/frames/0${k}/rgb.png`),
    video: 'scenes/000001/video.mp4',
  });

  it('asks a text twin about its description, with no images', () => {
    const text = QaItemSchema.parse({
      ...choiceItem,
      id: 'q1-text',
      images: [],
      context: 'scenes/000001/text/list.txt',
    });
    const p = buildPrompt(text, { ...direct, context: 'A room 4 m wide.\nThe red chair is at (1, 2).' });
    expect(p.images).toEqual([]);
    expect(p.text).toMatch(
      /^Here is a description of a room .*\(there are no images\):\n\nA room 4 m wide\.\nThe red chair is at \(1, 2\)\.\nWhich is closer to the camera: the red chair or the blue box\?\nOptions:\nA\. the red chair\n/,
    );
    expect(p.answer).toBe('B');
  });

  it('sends a walkthrough as its video with --video-as url, else as sampled frames', () => {
    expect(buildPrompt(walk, { ...direct, videoAsUrl: true, maxFrames: 2 }).images).toEqual([
      'scenes/000001/video.mp4',
    ]);
    expect(buildPrompt(walk, { ...direct, maxFrames: 2 }).images).toEqual([
      'scenes/000001/frames/00/rgb.png',
      'scenes/000001/frames/03/rgb.png',
    ]);
    // An item without a video is sent as frames either way.
    expect(buildPrompt(choiceItem, { ...direct, videoAsUrl: true }).images).toEqual(choiceItem.images);
  });

  it('sends image options after the question images and names each option by its image', () => {
    const options = [4, 5, 6].map((k) => `scenes/000001/frames/0${k}/rgb.png`);
    const item = QaItemSchema.parse({
      ...choiceItem,
      id: 'q4',
      task: 'view_choice',
      question: 'Which image shows the room from where the red chair stands?',
      choices: options,
      answer: 'C',
      answer_type: 'image_choice',
    });
    const p = buildPrompt(item, { ...direct, rotation: 1 });
    expect(p.images).toEqual([...choiceItem.images, options[1], options[2], options[0]]);
    expect(p.choices).toEqual(['image 2', 'image 3', 'image 4']);
    expect(p.answer).toBe('B');
    expect(p.text).toBe(
      "Which image shows the room from where the red chair stands?\nThe option images follow the question's image.\n" +
        "Options:\nA. image 2\nB. image 3\nC. image 4\nAnswer with the option's letter from the given choices directly.",
    );
    expect(rotationsOf(item, true)).toBe(3);
  });

  it('asks structured answers in the form the question states, without options', () => {
    const layout = QaItemSchema.parse({
      ...choiceItem,
      id: 'q5',
      task: 'cognitive_map',
      question: 'Place the red chair and the blue box on a 10 by 10 grid.',
      choices: null,
      answer: { 'the red chair': [2, 3], 'the blue box': [7, 7] },
      answer_type: 'layout',
      grid: 10,
      frame: 'grid',
    });
    const ascii = QaItemSchema.parse({
      ...layout,
      id: 'q6',
      task: 'ascii_map',
      answer: '....\n.A..\n....\n..B.',
      answer_type: 'ascii',
      grid: 4,
      legend: { A: 'the red chair', B: 'the blue box' },
    });
    const p = buildPrompt(layout, direct);
    expect(p.text).toBe(`${layout.question}\nAnswer with the JSON object only.`);
    expect(p).toMatchObject({ choices: null, answer: null, images: choiceItem.images });
    expect(buildPrompt(ascii, direct).text).toBe(
      `${layout.question}\nAnswer with the map only: 4 lines of 4 characters.`,
    );
    expect(buildPrompt(layout, { ...direct, style: 'cot' }).text).toMatch(/Think step by step, .*"Answer:"/);
    expect(rotationsOf(layout, true)).toBe(1);
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
