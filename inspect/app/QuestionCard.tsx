import type { Scene } from '../../sim/schema';
import { answerText } from '../../tasks/answer-text';
import type { ItemView } from '../protocol';
import { imageFrames } from './answer';
import { ModelAnswers } from './ModelAnswers';
import { PairTwin } from './PairTwin';
import { useSelectionActions } from './selection';

export interface QuestionCardProps {
  view: ItemView;
  scene: Scene;
  /** rgb.png paths of the scene's frames, in frame order. */
  rgbPaths: string[];
  siblings: ItemView[];
}

/** One question: its text, options with the right one marked, images, objects, twin and model answers. */
export function QuestionCard({ view, scene, rgbPaths, siblings }: QuestionCardProps) {
  const { item, answers } = view;
  const { selectFrame, hover, select } = useSelectionActions();
  const showImage = (path: string) => {
    const k = rgbPaths.indexOf(path);
    if (k >= 0) selectFrame(k);
  };
  const failed = answers.some((a) => !a.correct);
  return (
    <li className={failed ? 'question failed' : 'question'} data-testid="question" data-item-id={item.id}>
      <div className="tags">
        <span className="badge task">{item.task}</span>
        <span className="badge">{item.kind}</span>
        <span className="badge">{item.split}</span>
        <span className="muted right">{item.id}</span>
      </div>
      <p className="text" data-testid="question-text">
        {item.question}
      </p>
      {item.choices && (
        <ol className="choices">
          {item.choices.map((c, k) => {
            const letter = String.fromCharCode(65 + k);
            return (
              <li key={letter} className={letter === item.answer ? 'right' : ''}>
                <b>{letter}.</b> {c} {letter === item.answer && <span className="mark">✓</span>}
              </li>
            );
          })}
        </ol>
      )}
      <div className="answer" data-testid="answer">
        answer: <b>{answerText(item)}</b>
      </div>
      <div className="chips">
        {imageFrames(item, rgbPaths).map((k) => (
          <button type="button" key={`f${k}`} className="chip" onClick={() => selectFrame(k)}>
            img {String(scene.frames[k].index).padStart(2, '0')}
          </button>
        ))}
        {item.targets.map((id) => (
          <button
            type="button"
            key={`o${id}`}
            className={id === item.answer_object ? 'chip object answer-object' : 'chip object'}
            onMouseEnter={() => hover(id)}
            onMouseLeave={() => hover(null)}
            onClick={() => select(id)}
          >
            {scene.objects.find((o) => o.id === id)?.name ?? `#${id}`}
          </button>
        ))}
      </div>
      {item.pair && <PairTwin item={item} siblings={siblings} onImage={showImage} />}
      <ModelAnswers answers={answers} />
    </li>
  );
}
