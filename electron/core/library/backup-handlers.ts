/** One-file backups of the whole library: made into the backups folder, listed newest first. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Handlers } from '../../shared';
import type { SettingsService } from '../settings/settings-service';
import { BACKUP_EXTENSION, createBackup } from './backup';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "loupe-2026-03-07-090503.loupe-backup", local time; a second backup in the same second gets "-2". */
export function backupName(at: number): string {
  const d = new Date(at);
  return `loupe-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}${BACKUP_EXTENSION}`;
}

export function backupHandlers(d: {
  db: Database.Database;
  dataDir: string;
  settings: SettingsService;
  version: string;
  now: () => number;
}): Pick<Handlers, 'library:backup' | 'library:list-backups'> {
  return {
    'library:backup': async () => {
      const target = join(d.settings.backupsDir(), backupName(d.now()));
      return createBackup({ dataDir: d.dataDir, db: d.db, target, appVersion: d.version, now: d.now });
    },

    'library:list-backups': async () => {
      const dir = d.settings.backupsDir();
      const names = await readdir(dir).catch(() => [] as string[]);
      const found = [];
      for (const name of names) {
        // Temp files of a backup being written start with a dot.
        if (!name.endsWith(BACKUP_EXTENSION) || name.startsWith('.')) continue;
        const path = join(dir, name);
        const s = await stat(path).catch(() => null);
        if (s?.isFile()) found.push({ path, name, bytes: s.size, createdAt: Math.round(s.mtimeMs) });
      }
      return found.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
    },
  };
}
