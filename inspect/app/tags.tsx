import { createContext, type ReactNode, useContext, useLayoutEffect, useRef } from 'react';
import type { Vec3 } from '../../sim/schema';

/**
 * DOM tags pinned to 3D points (camera tags, the hovered object's label). They are plain page
 * elements rendered next to the canvas, not inside it, and a projector inside the canvas moves them
 * in the same frame that draws the scene. Keeping them out of the three.js tree avoids a nested React
 * root per tag (which React 19 cannot unmount in the middle of a commit).
 */
export class TagRegistry {
  readonly tags = new Map<string, { el: HTMLElement; anchor: Vec3 | null; clamp: boolean }>();
  /** Asks the canvas for a frame; set by the projector while it is mounted. */
  invalidate: () => void = () => undefined;
}

const TagContext = createContext<TagRegistry | null>(null);

export function TagProvider({ registry, children }: { registry: TagRegistry; children: ReactNode }) {
  return <TagContext.Provider value={registry}>{children}</TagContext.Provider>;
}

export function useTagRegistry(): TagRegistry {
  const r = useContext(TagContext);
  if (!r) throw new Error('useTagRegistry outside TagProvider');
  return r;
}

export interface ScreenTagProps {
  id: string;
  /** World point the tag follows, m; null hides it. */
  anchor: Vec3 | null;
  className?: string;
  /**
   * Keep the tag inside the canvas even when its point is near or past an edge; for tags whose
   * content is drawn centred above the point.
   */
  clamp?: boolean;
  children: ReactNode;
}

/** A page element that the canvas keeps over a 3D point; hidden until first projected. */
export function ScreenTag({ id, anchor, className, clamp = false, children }: ScreenTagProps) {
  const registry = useTagRegistry();
  const ref = useRef<HTMLDivElement>(null);
  const [x, y, z] = anchor ?? [Number.NaN, Number.NaN, Number.NaN];
  useLayoutEffect(() => {
    const el = ref.current!;
    registry.tags.set(id, { el, anchor: Number.isNaN(x) ? null : [x, y, z], clamp });
    registry.invalidate();
    return () => {
      registry.tags.delete(id);
    };
  }, [registry, id, x, y, z, clamp]);
  return (
    <div
      ref={ref}
      className={className ? `screen-tag ${className}` : 'screen-tag'}
      style={{ display: 'none' }}
    >
      {children}
    </div>
  );
}
