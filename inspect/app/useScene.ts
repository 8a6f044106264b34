import { useEffect, useState } from 'react';
import type { SceneDetail } from '../protocol';
import { getJson } from './api';

/**
 * One scene with its frames' files and its questions. The previous scene stays until the next one
 * has arrived, so the 3D canvas is kept (and not re-created) across scenes.
 */
export function useScene(id: string | null): {
  detail: SceneDetail | null;
  loading: boolean;
  error: string | null;
} {
  const [detail, setDetail] = useState<SceneDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    if (!id) return;
    setLoading(true);
    const abort = new AbortController();
    getJson<SceneDetail>(`/api/scene/${id}`, abort.signal).then(
      (d) => {
        setDetail(d);
        setLoading(false);
      },
      (err: Error) => {
        if (abort.signal.aborted) return;
        setError(`scene ${id}: ${err.message}`);
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [id]);
  return { detail, loading, error };
}
