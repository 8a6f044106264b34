import { createContext, type ReactNode, useContext, useEffect, useMemo, useReducer } from 'react';

/**
 * What the user is looking at, shared by every view: the scene, the frame, whether the 3D view
 * looks through that frame's camera, and the object under the pointer (from any view) and the one
 * clicked. The scene and frame live in the URL hash, so a view can be linked to.
 */

export interface Selection {
  scene: string | null;
  /** Position in scene.frames. */
  frame: number;
  /** 'camera': the 3D view looks through the frame's camera; 'orbit': free. */
  view: 'orbit' | 'camera';
  /** Bumped on every snap request, so clicking the current frame again snaps back. */
  snaps: number;
  hovered: number | null;
  selected: number | null;
}

type Action =
  | { type: 'scene'; scene: string }
  | { type: 'frame'; frame: number }
  | { type: 'orbit' }
  | { type: 'hover'; id: number | null }
  | { type: 'select'; id: number | null };

function reduce(s: Selection, a: Action): Selection {
  switch (a.type) {
    case 'scene':
      return a.scene === s.scene
        ? s
        : { ...s, scene: a.scene, frame: 0, view: 'orbit', hovered: null, selected: null };
    case 'frame':
      return { ...s, frame: a.frame, view: 'camera', snaps: s.snaps + 1 };
    case 'orbit':
      return s.view === 'orbit' ? s : { ...s, view: 'orbit' };
    case 'hover':
      return a.id === s.hovered ? s : { ...s, hovered: a.id };
    case 'select':
      return a.id === s.selected ? s : { ...s, selected: a.id };
  }
}

export interface SelectionActions {
  selectScene(id: string): void;
  /** Shows frame k and snaps the 3D view to its camera. */
  selectFrame(k: number): void;
  orbit(): void;
  hover(id: number | null): void;
  select(id: number | null): void;
}

const StateContext = createContext<Selection | null>(null);
const ActionsContext = createContext<SelectionActions | null>(null);

function fromHash(): Selection {
  const params = new URLSearchParams(location.hash.slice(1));
  const scene = params.get('scene');
  const frame = Number(params.get('frame') ?? 0);
  const valid = scene !== null && /^\d{6,}$/.test(scene);
  return {
    scene: valid ? scene : null,
    frame: valid && Number.isInteger(frame) && frame >= 0 ? frame : 0,
    view: valid && params.has('frame') ? 'camera' : 'orbit',
    snaps: 0,
    hovered: null,
    selected: null,
  };
}

export function SelectionProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(reduce, undefined, fromHash);
  const actions = useMemo<SelectionActions>(
    () => ({
      selectScene: (scene) => dispatch({ type: 'scene', scene }),
      selectFrame: (frame) => dispatch({ type: 'frame', frame }),
      orbit: () => dispatch({ type: 'orbit' }),
      hover: (id) => dispatch({ type: 'hover', id }),
      select: (id) => dispatch({ type: 'select', id }),
    }),
    [],
  );
  useEffect(() => {
    if (!state.scene) return;
    const hash =
      state.view === 'camera' ? `scene=${state.scene}&frame=${state.frame}` : `scene=${state.scene}`;
    history.replaceState(null, '', `#${hash}`);
  }, [state.scene, state.frame, state.view]);
  return (
    <ActionsContext.Provider value={actions}>
      <StateContext.Provider value={state}>{children}</StateContext.Provider>
    </ActionsContext.Provider>
  );
}

export function useSelection(): Selection {
  const s = useContext(StateContext);
  if (!s) throw new Error('useSelection outside SelectionProvider');
  return s;
}

/** The actions alone: components that only change the selection do not re-render when it changes. */
export function useSelectionActions(): SelectionActions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error('useSelectionActions outside SelectionProvider');
  return a;
}
