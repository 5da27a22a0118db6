import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageReady } from './i18n';

/**
 * Two apps in one bundle, split so each loads only its own code: the wallboard
 * (a TV, no antd) at /wallboard, the console everywhere else.
 */
const root = createRoot(document.getElementById('root')!);
// the app's chunk and the chosen language's dictionary (English is a chunk too) are fetched together
if (window.location.pathname.startsWith('/wallboard')) {
  void Promise.all([import('./wallboard/wallboard'), languageReady]).then(([{ Wallboard }]) =>
    root.render(<Wallboard />),
  );
} else {
  void Promise.all([import('./app'), languageReady]).then(([{ App }]) =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
