/** Entry: styles in cascade order, then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/generate.css';
import './styles/edit.css';
import './styles/painter.css';
import './styles/edit-results.css';
import './styles/history.css';
import './styles/details.css';
import './styles/costs.css';
import './styles/dialogs.css';
import './styles/settings.css';
import './styles/kits.css';
import './styles/compare.css';
import './styles/lab.css';
import './styles/credentials.css';
import './styles/batch.css';
import { App } from './app/app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
