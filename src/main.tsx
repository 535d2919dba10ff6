import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installDebugHook } from './app/debugHook';
import { createPlayground } from './client/playground';

const playground = createPlayground();
installDebugHook(globalThis as { playground?: ReturnType<typeof installDebugHook> }, playground);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App playground={playground} />
  </StrictMode>,
);
