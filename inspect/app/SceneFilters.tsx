import type { DatasetInfo, SceneFilter } from '../protocol';

export interface SceneFiltersProps {
  info: DatasetInfo | null;
  filter: SceneFilter;
  onChange(filter: SceneFilter): void;
}

/** Search by scene id, and filters by task, split, pair role and (with results) model failure. */
export function SceneFilters({ info, filter, onChange }: SceneFiltersProps) {
  const set = (patch: Partial<SceneFilter>) => onChange({ ...filter, ...patch });
  const scanning = info?.index.state === 'scanning';
  return (
    <div className="filters">
      <input
        type="search"
        placeholder="scene id"
        inputMode="numeric"
        value={filter.q ?? ''}
        data-testid="filter-q"
        onChange={(e) => set({ q: e.target.value.replace(/\D/g, '').slice(0, 12) || undefined })}
      />
      <select
        value={filter.task ?? ''}
        data-testid="filter-task"
        onChange={(e) => set({ task: e.target.value || undefined })}
      >
        <option value="">any task{scanning ? ' (indexing…)' : ''}</option>
        {info?.index.tasks.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select
        value={filter.split ?? ''}
        data-testid="filter-split"
        onChange={(e) => set({ split: (e.target.value || undefined) as SceneFilter['split'] })}
      >
        <option value="">any split</option>
        <option value="train">train</option>
        <option value="val">val</option>
        <option value="test">test</option>
      </select>
      <select
        value={filter.role ?? ''}
        data-testid="filter-role"
        onChange={(e) => set({ role: (e.target.value || undefined) as SceneFilter['role'] })}
      >
        <option value="">any pair role</option>
        <option value="paired">with far-looks-up pairs</option>
        <option value="consistent">consistent twins</option>
        <option value="counter">counter twins</option>
      </select>
      {!!info?.models.length && (
        <select
          value={filter.failed ?? ''}
          data-testid="filter-failed"
          onChange={(e) => set({ failed: e.target.value || undefined })}
        >
          <option value="">any result</option>
          <option value="*">failed by any model</option>
          {info.models.map((m) => (
            <option key={m} value={m}>
              failed by {m}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
