import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';

export interface RenderedSignalProps {
  /** What should be on screen, e.g. "scene/frame/view/hovered". */
  id: string;
  /** Called once per new id, in the frame that draws it. */
  onRendered(id: string): void;
}

/**
 * Reports when the canvas has drawn a given state, so that the page (and the tests driving it) can
 * tell a finished view from one still loading. With frameloop="demand" nothing draws by itself, so a
 * new id asks for a frame.
 */
export function RenderedSignal({ id, onRendered }: RenderedSignalProps) {
  const last = useRef('');
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (id) invalidate();
  }, [id, invalidate]);
  useFrame(() => {
    if (last.current === id) return;
    last.current = id;
    onRendered(id);
  });
  return null;
}
