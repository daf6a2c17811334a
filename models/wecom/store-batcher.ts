import { groupCommit, type GroupDeadline } from '../shared/group-commit.js';

// Group insert for writes that must be durable before their caller answers (WeCom callbacks), on the
// shared group commit (models/shared/group-commit.ts): callbacks arriving while an insert is in flight go
// together in the next one, so there is no added wait at low load and under load one insert serves as many
// writers as arrived during the last one. Every writer is answered from the outcome of the insert that
// carried its own document — never before it returned — and a document the insert could not store fails
// its own writer only. A writer still waiting at the deadline is answered `late()` (one timer per batch).

/** `insert` answers, per document and in order, its outcome or the error that kept it from being stored. */
export function storeBatcher<T, R>(
  insert: (docs: T[]) => Promise<(R | Error)[]>,
  maxBatch: number,
  deadline?: GroupDeadline,
): (doc: T) => Promise<R> {
  const commit = groupCommit<T, R | Error>(insert, maxBatch, deadline);
  return async (doc) => {
    const outcome = await commit(doc);
    if (outcome instanceof Error) {
      throw outcome;
    }
    return outcome;
  };
}
