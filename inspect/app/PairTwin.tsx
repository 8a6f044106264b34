import { answerText } from '../../tasks/answer-text';
import type { QaItem } from '../../tasks/schema';
import type { ItemView } from '../protocol';
import { ModelAnswers } from './ModelAnswers';
import { useSelectionActions } from './selection';
import { usePair } from './usePair';

export interface PairTwinProps {
  item: QaItem;
  /** The scene's own items, where the twin usually is. */
  siblings: ItemView[];
  /** Shows a frame of this scene by rgb path. */
  onImage(path: string): void;
}

/**
 * The other half of a far-looks-up pair: same question, opposite image layout. Found among the
 * scene's items, else asked of the server (which knows every pair once its index is built).
 */
export function PairTwin({ item, siblings, onImage }: PairTwinProps) {
  const pair = item.pair!;
  const local = siblings.find((v) => v.item.id !== item.id && v.item.pair?.id === pair.id);
  const remote = usePair(local ? null : pair.id);
  const { selectScene } = useSelectionActions();
  const twin = local ?? remote.pair?.items.find((v) => v.item.id !== item.id);
  return (
    <div className="twin" data-testid="twin" data-pair={pair.id}>
      <span className={`badge ${pair.role}`}>{pair.role}</span> twin
      {twin ? (
        <>
          {' '}
          <span className={`badge ${twin.item.pair?.role}`}>{twin.item.pair?.role}</span>{' '}
          <span data-testid="twin-answer">answer {answerText(twin.item)}</span>{' '}
          {twin.item.scene === item.scene ? (
            <button type="button" className="link" onClick={() => onImage(twin.item.images[0])}>
              show its image
            </button>
          ) : (
            <button type="button" className="link" onClick={() => selectScene(twin.item.scene)}>
              in scene {twin.item.scene}
            </button>
          )}
          <ModelAnswers answers={twin.answers} />
        </>
      ) : (
        <span className="muted"> {remote.error ?? 'looking it up…'}</span>
      )}
    </div>
  );
}
