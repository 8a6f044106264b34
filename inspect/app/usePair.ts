import { useEffect, useState } from 'react';
import type { PairDetail } from '../protocol';
import { getJson } from './api';

/** Both items of a far-looks-up pair, wherever they live (the server waits for its index). */
export function usePair(id: string | null): { pair: PairDetail | null; error: string | null } {
  const [pair, setPair] = useState<PairDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPair(null);
    setError(null);
    if (!id) return;
    const abort = new AbortController();
    getJson<PairDetail>(`/api/pair?${new URLSearchParams({ id })}`, abort.signal).then(
      setPair,
      (err: Error) => {
        if (!abort.signal.aborted) setError(err.message);
      },
    );
    return () => abort.abort();
  }, [id]);
  return { pair, error };
}
