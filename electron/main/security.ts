/**
 * One hardening pass for every webContents the app ever creates: no webviews, no
 * navigation away from the app, no new windows (http links go to the system browser),
 * no permissions.
 */
import { app, session, shell, type WebContents } from 'electron';
import { isSafeExternalUrl, isTrustedAppUrl } from './trusted-origin';

export function hardenApp(devServerUrl: string | null): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-navigate', (e, url) => {
      if (!isTrustedAppUrl(url, devServerUrl)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isTrustedAppUrl(url, devServerUrl)) e.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  }, () => undefined);
}
