import { describe, expect, it } from 'vitest';
import { QaItemSchema } from '../../tasks/schema';

const item = {
  id: '000001-size-0',
  scene: '000001',
  task: 'size',
  kind: 'static',
  question: 'How long is the longest side of the red chair, in centimetres?',
  choices: null,
  answer: 52,
  answer_type: 'number',
  unit: 'cm',
  images: ['scenes/000001/frames/00/rgb.png'],
  targets: [3],
  answer_object: null,
  pair: null,
  split: 'test',
  capabilities: ['size'],
  level: 'perception',
};

describe('QaItemSchema', () => {
  it('accepts a well-formed line', () => {
    expect(QaItemSchema.safeParse(item).success).toBe(true);
  });

  it.each([
    ['../../../home/u/.ssh/id_rsa'],
    ['/etc/passwd'],
    ['scenes/000001/frames/00/../../../../secret.png'],
    ['scenes/000001/frames/00/depth.png'],
  ])("refuses an image path outside the frames' rgb.png files: %s", (path) => {
    const r = QaItemSchema.safeParse({ ...item, images: [path] });
    expect(r.success).toBe(false);
  });

  it('fails, without throwing, on a number answering a choice question', () => {
    const r = QaItemSchema.safeParse({
      ...item,
      choices: ['52 cm', '70 cm'],
      answer_type: 'choice',
      unit: null,
    });
    expect(r.success).toBe(false);
  });
});
