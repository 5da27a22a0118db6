import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';

/**
 * Two apps in one bundle, split so each loads only its own code: the wallboard
 * (a TV, no antd) at /wallboard, the console everywhere else.
 */
const root = createRoot(document.getElementById('root')!);
if (window.location.pathname.startsWith('/wallboard')) {
  void import('./wallboard/wallboard').then(({ Wallboard }) => root.render(<Wallboard />));
} else {
  void import('./app').then(({ App }) =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
