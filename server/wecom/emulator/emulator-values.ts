// Request values as the emulator reads them, and WeCom's opaque paging cursors.

/** A JSON or query value as a string ('' for anything else). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A JSON value as a list of strings, or null when it is anything else. */
export function strings(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
}

/** An opaque cursor over an offset, as WeCom's are opaque strings. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: unknown): number | null {
  if (cursor === undefined || cursor === null || cursor === '') {
    return 0;
  }
  const match = /^o:(\d+)$/.exec(Buffer.from(str(cursor), 'base64url').toString());
  return match ? Number(match[1]) : null;
}
