/** Stops the end-to-end run before any test when there is no browser to drive. */
import { findBrowser } from './find-browser';

export default function globalSetup(): void {
  const found = findBrowser();
  if (!found.path) {
    console.error(`\n${found.how}\n`);
    process.exit(1);
  }
}
