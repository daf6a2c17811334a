// MongoDB refuses a write that collides on a unique key with E11000. Most writes here are safe to
// repeat: an idempotency _id, a lease or a counter that is already there means "done before", so
// callers tell that collision apart from real failures. The one place that reads the error's shape.

const DUPLICATE_KEY = 11000;

interface WriteError {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

/** The per-operation errors of a bulk write or insertMany (one object or a list), or null for a single write. */
function writeErrorsOf(error: unknown): WriteError[] | null {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (writeErrors === undefined || writeErrors === null) {
    return null;
  }
  return (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as WriteError[];
}

/** Whether a single write failed because its key already exists. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

function onlyDuplicates(list: WriteError[]): boolean {
  return list.length > 0 && list.every((e) => (e.code ?? e.err?.code) === DUPLICATE_KEY);
}

/** Indexes of the operations of a bulk write that failed with E11000; rethrows any other failure. */
export function duplicateKeyFailures(error: unknown): number[] {
  const list = writeErrorsOf(error) ?? [];
  if (!onlyDuplicates(list)) {
    throw error;
  }
  return list.map((e) => e.index ?? e.err?.index ?? -1).filter((i) => i >= 0);
}

/**
 * Swallows a write error made only of duplicate keys (the documents are already there) and answers
 * how many writes collided; rethrows anything else.
 */
export function ignoreDuplicateKeys(error: unknown): number {
  const list = writeErrorsOf(error);
  if (list === null ? isDuplicateKeyError(error) : onlyDuplicates(list)) {
    return list?.length ?? 1;
  }
  throw error;
}
