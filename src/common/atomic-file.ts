import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The one way understudy replaces a file it owns (state files, fixtures, recordings): a temporary
 * beside it, fsync, rename, fsync of the directory. A reader, a crash or a `kill -9` sees the old
 * file or the new one, never half of either. The temporary's name (`.<name>.<pid>.tmp`) lets the
 * mock clean what a killed writer left (`persistence.ts`).
 */
export function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes the pieces to a temporary file in ~1 MB writes, fsyncs it, renames it over `path`. */
export function writeAtomically(path: string, pieces: Iterable<string> | string): void {
  const temporary = temporaryFor(path);
  const fd = openSync(temporary, 'w');
  try {
    let pending = '';
    for (const piece of typeof pieces === 'string' ? [pieces] : pieces) {
      pending += piece;
      if (pending.length >= 1 << 20) {
        writeAll(fd, pending);
        pending = '';
      }
    }
    if (pending.length > 0) writeAll(fd, pending);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  // The rename is durable only once the directory entry is.
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}
