import { type ApiError, LAYER_HEADERS, type RawLayer, type SceneFilter } from '../protocol';
import type { Grey16 } from './paint';

/** The app's side of inspect/protocol.ts: typed fetches from the server that served the page. */

export class FetchError extends Error {
  override readonly name = 'FetchError';
}

async function failure(res: Response): Promise<FetchError> {
  const body = (await res.json().catch(() => null)) as ApiError | null;
  return new FetchError(body?.error ?? `${res.status} ${res.statusText}`);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** URL of a dataset file given by its path relative to DIR. */
export function fileUrl(path: string): string {
  return `/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function scenesUrl(filter: SceneFilter, cursor: number, limit: number): string {
  const params = new URLSearchParams({ cursor: String(cursor), limit: String(limit) });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, String(value));
  return `/api/scenes?${params}`;
}

// Raw layers are small (2 bytes a pixel) and revisited often while flipping frames: keep a few.
const LAYER_CACHE_SIZE = 24;
const layerCache = new Map<string, Promise<Grey16>>();

/** depth.png or seg.png of a frame as 16-bit values (decoded by the server, exact for 16-bit PNGs). */
export function getLayer(scene: string, frame: number, layer: RawLayer): Promise<Grey16> {
  const url = `/api/layer?${new URLSearchParams({ scene, frame: String(frame), layer })}`;
  let hit = layerCache.get(url);
  if (!hit) {
    hit = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw await failure(res);
      const width = Number(res.headers.get(LAYER_HEADERS.width));
      const height = Number(res.headers.get(LAYER_HEADERS.height));
      const data = new Uint16Array(await res.arrayBuffer());
      if (data.length !== width * height)
        throw new FetchError(`${layer}: expected ${width}×${height} values`);
      return { width, height, data };
    })();
    hit.catch(() => layerCache.delete(url));
    layerCache.set(url, hit);
    if (layerCache.size > LAYER_CACHE_SIZE) layerCache.delete(layerCache.keys().next().value!);
  }
  return hit;
}
