/**
 * Saves text as a file through a Blob link: works in the browser host and in Electron
 * (whose download handler shows the save dialog), with no file-system access in the renderer.
 */
export function downloadText(text: string, fileName: string, mime = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the data over; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
