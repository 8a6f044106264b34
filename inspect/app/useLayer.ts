import { useEffect, useState } from 'react';
import type { RawLayer } from '../protocol';
import { getLayer } from './api';
import type { Grey16 } from './paint';

export interface LayerState {
  /** The values last loaded: the previous frame's while the asked one is on its way. */
  image: Grey16 | null;
  /** Whether `image` is the asked frame's (readouts must not use another frame's values). */
  current: boolean;
  error: string | null;
}

/** A frame's depth or seg values; keeps showing the previous frame's until the new one arrives. */
export function useLayer(scene: string, frame: number, layer: RawLayer): LayerState {
  const key = `${scene}/${frame}/${layer}`;
  const [state, setState] = useState<{ key: string; image: Grey16 | null; error: string | null }>({
    key: '',
    image: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    getLayer(scene, frame, layer).then(
      (image) => live && setState({ key: `${scene}/${frame}/${layer}`, image, error: null }),
      (err: Error) => live && setState((s) => ({ ...s, error: err.message })),
    );
    return () => {
      live = false;
    };
  }, [scene, frame, layer]);
  return { image: state.image, current: state.key === key, error: state.error };
}
