import type { LoupeApi } from '../../electron/shared';

declare global {
  interface Window {
    /** Exposed by the preload in the desktop app; absent in the browser host. */
    loupe?: LoupeApi;
  }
}

export {};
