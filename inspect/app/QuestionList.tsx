import type { SceneDetail } from '../protocol';
import { QuestionCard } from './QuestionCard';

export interface QuestionListProps {
  detail: SceneDetail;
}

/** The scene's questions, in qa.jsonl order, and any lines that could not be read. */
export function QuestionList({ detail }: QuestionListProps) {
  const rgbPaths = detail.frames.map((f) => f.rgb);
  return (
    <section className="panel questions">
      <header>
        <strong>Questions</strong> <span className="muted">{detail.items.length}</span>
      </header>
      {detail.errors.map((e) => (
        <div key={e} className="error">
          {e}
        </div>
      ))}
      <ol className="question-list" data-testid="questions">
        {detail.items.map((v) => (
          <QuestionCard
            key={v.item.id}
            view={v}
            scene={detail.scene}
            rgbPaths={rgbPaths}
            siblings={detail.items}
          />
        ))}
      </ol>
      {!detail.items.length && <p className="muted">This scene has no questions.</p>}
    </section>
  );
}
