import { useEffect, useState } from 'react';
import type { DatasetInfo } from '../protocol';
import { getJson } from './api';

/** The dataset's header info, polled while the server's background index is still being built. */
export function useDataset(): { info: DatasetInfo | null; error: string | null } {
  const [info, setInfo] = useState<DatasetInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scanning = info === null || info.index.state === 'scanning';
  useEffect(() => {
    if (!scanning) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getJson<DatasetInfo>('/api/dataset', abort.signal);
        setInfo(next);
        setError(null);
        if (next.index.state === 'scanning') timer = setTimeout(poll, 1000);
      } catch (err) {
        if (!abort.signal.aborted) setError((err as Error).message);
      }
    };
    poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [scanning]);
  return { info, error };
}
