import './zodConfig'; // first: before any module builds a zod schema
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installDebugHook } from './app/debugHook';
import { createPlayground } from './client/playground';
import { decodeLink } from './client/shareLink';
import { followUrl } from './client/urlFollow';

const playground = createPlayground();
// A shared link (#setup=..., ?backend=..., ?speed=...) reproduces the setup it was made from; what
// it holds that cannot run falls back to defaults, and the page says so.
const { settings, backend, speed, problems } = decodeLink(new URL(window.location.href));
if (settings) playground.stores.settings.getState().replace(settings);
if (backend) playground.stores.settings.getState().update({ backend });
// Sent with the next Start, as a speed chosen on the page before any run is.
if (speed !== null) playground.stores.settings.getState().setSpeed(speed);
if (problems.length > 0) playground.stores.run.getState().setError(`This link could not be used as it is: ${problems.join('; ')}.`);
// From now on the address follows the setup, so a reload comes back to it.
const url = followUrl(playground.stores.settings);
window.addEventListener('pagehide', () => url.flush());
installDebugHook(globalThis as { playground?: ReturnType<typeof installDebugHook> }, playground);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App playground={playground} />
  </StrictMode>,
);
