import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// DATA_DIR holds every phone number (the embedded database) and the local secrets: only the user the
// server runs as may read it. Folders are 0700 and files 0600, whatever the umask, including files made
// by other programs (the embedded database's H2 store is written by the Java launcher).

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (and its parents) if needed and makes it private to this user. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/** Makes every file directly in the folder private to this user (0600); sub-folders 0700. */
export function tightenPrivateDir(path: string): void {
  ensurePrivateDir(path);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const target = join(path, entry.name);
    if (entry.isDirectory()) {
      chmodSync(target, PRIVATE_DIR_MODE);
    } else if (entry.isFile() && (statSync(target).mode & 0o077) !== 0) {
      chmodSync(target, PRIVATE_FILE_MODE);
    }
  }
}
