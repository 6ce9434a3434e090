/** The shell: header with navigation and status, and the current view. */
import { useCallback, useEffect, useState } from 'react';
import { useSettings } from '../bridge/settings-store';
import { CostsView } from '../features/costs/costs-view';
import { EditView } from '../features/edit/edit-view';
import { GenerateView } from '../features/generate/generate-view';
import { KitsView } from '../features/kits/kits-view';
import { HistoryArea } from '../features/lab/experiments-area';
import { CompareSetupDialog } from '../features/lab/setup-dialog';
import { BatchView } from '../features/batch/batch-view';
import { SettingsView } from '../features/settings/settings-view';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorAlert } from '../ui/error-alert';
import { ImageViewer } from '../ui/image-viewer';
import { MainNav, PANEL_ID } from './main-nav';
import { NavigationContext, viewFromHash, type View } from './navigation';
import { StatusStrip } from './status-strip';

export function App() {
  const { settings, appInfo, error, reload } = useSettings();
  const [chosen, setChosen] = useState<View | null>(() => viewFromHash(window.location.hash));

  // First run opens on Settings (the key panel) whatever the address says. Decided once,
  // during render when settings first arrive (React's "adjust state on prop change").
  const [firstRunDecided, setFirstRunDecided] = useState(false);
  if (settings && !firstRunDecided) {
    setFirstRunDecided(true);
    if (!settings.key.set) setChosen('settings');
  }

  const navigate = useCallback((next: View) => {
    setChosen(next);
    if (window.location.hash !== `#${next}`) window.history.pushState(null, '', `#${next}`);
  }, []);

  // A file dropped where no view takes it would replace the app with the file: refuse such drops.
  useEffect(() => {
    const refuse = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  useEffect(() => {
    const onPop = () => setChosen(viewFromHash(window.location.hash) ?? 'generate');
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const view: View = chosen ?? 'generate';

  let body;
  if (!settings) {
    body = error ? (
      <div className="centered">
        <ErrorAlert error={error} onRetry={() => void reload()} offerSettings={false} />
      </div>
    ) : (
      <p className="centered muted">Starting Loupe…</p>
    );
  } else if (view === 'generate') body = <GenerateView />;
  else if (view === 'edit') body = <EditView />;
  else if (view === 'history') body = <HistoryArea />;
  else if (view === 'costs') body = <CostsView />;
  else if (view === 'kits') body = <KitsView />;
  else if (view === 'batch') body = <BatchView />;
  else body = <SettingsView settings={settings} appInfo={appInfo} />;

  return (
    <NavigationContext.Provider value={navigate}>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">Loupe</span>
          </div>
          <MainNav view={view} onNavigate={navigate} />
          <StatusStrip settings={settings} />
        </header>
        <main className="app-main">
          <div role="tabpanel" id={PANEL_ID} aria-labelledby={`tab-${view}`} className={`view view-${view}`}>
            {body}
          </div>
        </main>
        <ImageViewer />
        <CompareSetupDialog />
        <ConfirmDialog />
      </div>
    </NavigationContext.Provider>
  );
}
