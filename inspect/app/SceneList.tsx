import { useEffect, useRef } from 'react';
import type { SceneList as SceneListState } from './useSceneList';

export interface SceneListProps {
  list: SceneListState;
  selected: string | null;
  onSelect(id: string): void;
}

/** The scenes found so far; more pages load while the end of the list is in view. */
export function SceneList({ list, selected, onSelect }: SceneListProps) {
  const end = useRef<HTMLDivElement>(null);
  const { loadMore, next, loading, scenes } = list;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked after every page (scenes.length), since a short page leaves the end in view
  useEffect(() => {
    const el = end.current;
    if (!el || next === null || loading) return;
    const box = el.getBoundingClientRect();
    const root = el.parentElement?.getBoundingClientRect();
    if (root && box.top <= root.bottom + 200) {
      loadMore();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [next, loading, loadMore, scenes.length]);
  const status =
    list.total !== null
      ? `${list.total.toLocaleString()} of ${list.of.toLocaleString()} scenes`
      : `${scenes.length.toLocaleString()} found so far of ${list.of.toLocaleString()}`;
  return (
    <div className="scene-list" data-testid="scene-list">
      <div className="muted status" data-testid="list-status">
        {status}
      </div>
      <ul>
        {scenes.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={s.id === selected ? 'scene-item active' : 'scene-item'}
              data-testid={`scene-${s.id}`}
              onClick={() => onSelect(s.id)}
            >
              <span className="id">{s.id}</span>
              {s.split && <span className="badge">{s.split}</span>}
              <span className="muted">{s.items} q</span>
              {s.roles.map((r) => (
                <span key={r} className={`badge ${r}`}>
                  {r}
                </span>
              ))}
              {Object.entries(s.failures).map(([m, n]) => (
                <span key={m} className="badge fail" title={`${n} wrong answers by ${m}`}>
                  ✗{n}
                </span>
              ))}
              <span className="tasks muted">{s.tasks.join(', ')}</span>
            </button>
          </li>
        ))}
      </ul>
      <div ref={end} className="list-end">
        {list.error ? <span className="error">{list.error}</span> : loading ? 'loading…' : null}
      </div>
    </div>
  );
}
