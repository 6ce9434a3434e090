/**
 * Files from the desktop, the clipboard or the file picker into the tray. Each file is
 * read as base64 and handed to the core, which checks it (format, size, decompression
 * bombs, unsafe SVG) and stores it; a refusal names the file and never stops the others.
 */
import { call, toAppError } from '../../bridge/client';
import { insertItems, setImporting, setRefusals, trayItemFromAsset, trayStore, type TrayItem } from './tray-store';

/** Three at a time: enough to overlap reading and storing without flooding the core with 200 MB bodies. */
const PARALLEL = 3;

export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** The core's messages name the file; add the name where one does not, so every line says which. */
function refusal(name: string, message: string): string {
  return message.includes(name) ? message : `${name}: ${message}`;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Imports `files` and inserts the ones accepted at `at` (default: the end), in the order
 * given. `capacity` is the model's maxInputImages; files beyond it are refused by name.
 */
export async function importFiles(files: readonly File[], capacity: number, at: number | null = null): Promise<void> {
  if (files.length === 0) return;
  const { items, importing } = trayStore.get();
  const room = Math.max(0, capacity - items.length - importing);
  const accepted = files.slice(0, room);
  const overflow = files.slice(room);
  const refusals: string[] = [];
  if (overflow.length > 0) {
    refusals.push(`${overflow.map((f) => f.name).join(', ')}: not added, the model takes at most ${capacity} images (remove some first).`);
  }
  setRefusals(refusals);
  setImporting(accepted.length);
  const results = await mapLimited(accepted, PARALLEL, async (file): Promise<TrayItem | string> => {
    try {
      const dataBase64 = await readBase64(file);
      const asset = await call('importImage', { name: file.name.slice(0, 255) || 'image', dataBase64 });
      return trayItemFromAsset(asset);
    } catch (err) {
      return refusal(file.name, toAppError(err).message);
    } finally {
      setImporting(-1);
    }
  });
  const added = results.filter((r): r is TrayItem => typeof r !== 'string');
  refusals.push(...results.filter((r): r is string => typeof r === 'string'));
  insertItems(added, at);
  setRefusals(refusals);
}

let pasted = 0;

/** Clipboard images arrive nameless ("image.png"); number them so the tray can tell them apart. */
export function namePasted(file: File): File {
  pasted += 1;
  const ext = file.type === 'image/jpeg' ? 'jpg' : (file.type.split('/')[1] ?? 'png');
  return new File([file], `pasted-${pasted}.${ext}`, { type: file.type });
}
