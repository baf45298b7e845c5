import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { style } from './params.js';

// StrictMode mounts, unmounts and mounts again in development: the hook and the tag must both survive it.
const root = createRoot(document.getElementById('app')!);
// Each style is its own chunk: the core style never loads Lit or the elements.
const { App } = (await (style === 'core' ? import('./CoreStyle.js') : import('./ElementStyle.js'))) as {
  App: ComponentType;
};
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// For the end-to-end test: unmount the whole app (listeners must be gone, an owned room left).
window.rtcExample = { ...window.rtcExample, unmount: () => root.unmount() };
