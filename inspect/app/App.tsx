import { SceneBrowser } from './SceneBrowser';
import { SceneWorkspace } from './SceneWorkspace';
import { SelectionProvider } from './selection';

/** The inspector: scene browser on the left, the selected scene to its right. */
export function App() {
  return (
    <SelectionProvider>
      <div className="app">
        <SceneBrowser />
        <SceneWorkspace />
      </div>
    </SelectionProvider>
  );
}
