import type { ModelAnswer } from '../protocol';

export interface ModelAnswersProps {
  answers: ModelAnswer[];
}

/** What each model in the results file answered, right or wrong. */
export function ModelAnswers({ answers }: ModelAnswersProps) {
  if (!answers.length) return null;
  return (
    <ul className="model-answers">
      {answers.map((a) => (
        <li
          key={a.model}
          className={a.correct ? 'right' : 'wrong'}
          data-testid="model-answer"
          data-model={a.model}
        >
          <span className="mark">{a.correct ? '✓' : '✗'}</span> <strong>{a.model}</strong>{' '}
          <span className="response" title={a.text ?? ''}>
            {a.text === null ? <em>no answer</em> : a.text}
          </span>
        </li>
      ))}
    </ul>
  );
}
