import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@bcgov/bc-sans/css/BC_Sans.css';
import '@bcgov/design-tokens/css/variables.css';
import './styles/base.css';
import './ui/kit.css';
import './appearance/appearance.css';
import { applySavedAppearance } from './appearance/index';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
// The saved text size and density first, so the first paint has them.
void applySavedAppearance().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
