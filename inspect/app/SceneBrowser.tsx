import { useEffect, useState } from 'react';
import type { SceneFilter } from '../protocol';
import { SceneFilters } from './SceneFilters';
import { SceneList } from './SceneList';
import { useSelection, useSelectionActions } from './selection';
import { useDataset } from './useDataset';
import { useSceneList } from './useSceneList';

/** The left column: the dataset, the filters and the paged scene list. */
export function SceneBrowser() {
  const { info, error } = useDataset();
  const [filter, setFilter] = useState<SceneFilter>({});
  const list = useSceneList(filter);
  const { scene } = useSelection();
  const { selectScene } = useSelectionActions();
  const first = list.scenes[0]?.id;
  // Something to look at straight away: the first scene, unless the URL named one.
  useEffect(() => {
    if (!scene && first) selectScene(first);
  }, [scene, first, selectScene]);
  return (
    <aside className="browser">
      <header>
        <h1>roomsim inspector</h1>
        <div className="muted" data-testid="dataset-info">
          {info
            ? `${info.name}: ${info.scenes.toLocaleString()} scenes${info.counts ? `, ${info.counts.items.toLocaleString()} questions` : ''}${info.index.state === 'scanning' ? ` · indexing ${info.index.lines.toLocaleString()} lines` : ''}`
            : (error ?? 'loading…')}
        </div>
        {info?.warnings.map((w) => (
          <div key={w} className="warning">
            {w}
          </div>
        ))}
      </header>
      <SceneFilters info={info} filter={filter} onChange={setFilter} />
      <SceneList list={list} selected={scene} onSelect={selectScene} />
    </aside>
  );
}
