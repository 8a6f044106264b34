import { useCallback, useEffect, useRef, useState } from 'react';
import type { SceneFilter, ScenePage, SceneSummary } from '../protocol';
import { getJson, scenesUrl } from './api';

export interface SceneList {
  scenes: SceneSummary[];
  /** Cursor of the next page; null once the end of the dataset is reached. */
  next: number | null;
  total: number | null;
  of: number;
  loading: boolean;
  error: string | null;
  loadMore(): void;
}

const PAGE = 100;

/**
 * The scene list, a page at a time from the server. Changing the filter starts over; a page that
 * answers after the filter changed is dropped.
 */
export function useSceneList(filter: SceneFilter): SceneList {
  const key = JSON.stringify(filter);
  const [state, setState] = useState<Omit<SceneList, 'loadMore'>>({
    scenes: [],
    next: 0,
    total: null,
    of: 0,
    loading: false,
    error: null,
  });
  const generation = useRef(0);
  const busy = useRef(false);
  const nextRef = useRef<number | null>(0);

  const load = useCallback(async (cursor: number, filterKey: string, gen: number) => {
    busy.current = true;
    setState((s) => ({ ...s, loading: true }));
    try {
      const page = await getJson<ScenePage>(scenesUrl(JSON.parse(filterKey) as SceneFilter, cursor, PAGE));
      if (gen !== generation.current) return;
      nextRef.current = page.next;
      setState((s) => ({
        scenes: [...s.scenes, ...page.scenes],
        next: page.next,
        total: page.total,
        of: page.of,
        loading: false,
        error: null,
      }));
    } catch (err) {
      if (gen === generation.current)
        setState((s) => ({ ...s, loading: false, error: (err as Error).message }));
    } finally {
      if (gen === generation.current) busy.current = false;
    }
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    nextRef.current = 0;
    setState({ scenes: [], next: 0, total: null, of: 0, loading: true, error: null });
    load(0, key, gen);
  }, [key, load]);

  const loadMore = useCallback(() => {
    if (busy.current || nextRef.current === null) return;
    load(nextRef.current, key, generation.current);
  }, [key, load]);

  return { ...state, loadMore };
}
