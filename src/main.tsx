import './zodConfig'; // first: before any module builds a zod schema
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installDebugHook } from './app/debugHook';
import { createPlayground } from './client/playground';
import { decodeLink } from './client/shareLink';

const playground = createPlayground();
// A shared link (#setup=... and/or ?backend=...) reproduces the setup it was made from.
try {
  const { settings, backend } = decodeLink(new URL(window.location.href));
  if (settings) playground.stores.settings.getState().update(settings);
  if (backend) playground.stores.settings.getState().update({ backend });
} catch (error) {
  playground.stores.run.getState().apply({ type: 'failed', message: `This link could not be used: ${(error as Error).message}` });
}
installDebugHook(globalThis as { playground?: ReturnType<typeof installDebugHook> }, playground);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App playground={playground} />
  </StrictMode>,
);
