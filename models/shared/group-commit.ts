// Group commit, for writes and reads many concurrent operations make the same way (copying ledger outboxes,
// reading a document by _id): the first caller's batch goes out at once; callers arriving while it is in flight
// are served together by the next one. A caller's promise settles with its own answer when the batch carrying
// it has landed (or failed). A batch always starts after every caller in it asked, so a read is as fresh as a
// read of one's own, and an idle process adds no delay. With a deadline, a caller still waiting that long
// after it asked is answered late() instead (its batch goes on; a write that lands late is not undone).

/**
 * A limit on a caller's wait: whoever still waits `ms` after asking is answered `late()` (its batch goes on).
 * Callers asking close together share one timer, so one may be answered up to ms/40 sooner than that.
 */
export interface GroupDeadline {
  ms: number;
  late: () => Error;
}

interface Waiting<T, R> {
  item: T;
  resolve: (answer: R) => void;
  reject: (error: unknown) => void;
  cohort: Cohort | undefined;
}

/** Callers that asked within ms/40 of each other for the same batch, under one deadline timer. */
interface Cohort {
  members: { reject: (error: unknown) => void }[];
  open: number;
  started: number;
  timer: NodeJS.Timeout;
}

function cohortUnder(deadline: GroupDeadline): Cohort {
  const cohort: Cohort = {
    members: [],
    open: 0,
    started: performance.now(),
    timer: setTimeout(() => {
      // A caller answered already ignores this: a promise settles once.
      const error = deadline.late();
      cohort.members.forEach((member) => member.reject(error));
    }, deadline.ms),
  };
  return cohort;
}

function answered(cohort: Cohort | undefined): void {
  if (cohort && --cohort.open === 0) {
    clearTimeout(cohort.timer);
  }
}

export function groupCommit<T, R = void>(
  run: (items: T[]) => Promise<R[] | void>,
  maxBatch = 500,
  deadline?: GroupDeadline,
): (item: T) => Promise<R> {
  let queued: Waiting<T, R>[] = [];
  let running = false;
  // With a deadline, the callers that ask for the next batch share a timer (a new one every ms/40), started by
  // the first of them and stopped once all of them were answered.
  let forming: Cohort | undefined;
  const drain = async () => {
    running = true;
    while (queued.length > 0) {
      const batch = queued.slice(0, maxBatch);
      queued = queued.slice(batch.length);
      forming = undefined;
      try {
        const answers = await run(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(answers ? answers[i]! : (undefined as R)));
      } catch (error) {
        batch.forEach((w) => w.reject(error));
      }
      batch.forEach((w) => answered(w.cohort));
    }
    running = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (deadline) {
        if (!forming || performance.now() - forming.started > deadline.ms / 40) {
          forming = cohortUnder(deadline);
        }
        forming.open += 1;
      }
      const waiting = { item, resolve, reject, cohort: forming };
      forming?.members.push(waiting);
      queued.push(waiting);
      if (!running) {
        void drain();
      }
    });
}

/** How callers of one grouped read get its documents. */
export interface GroupedReadOptions {
  /**
   * Callers only read what they get and never change or hand it on: all of them share the decoded documents
   * instead of each getting a copy (cheaper when many concurrent callers ask for the same large documents).
   */
  shared?: boolean;
}

/**
 * Reads documents by _id through group commits: concurrent reads of one collection become one `$in` read.
 * `read` answers the documents found, in any order. Each caller gets documents of its own (a second caller
 * of one id gets a copy), so no caller sees another's changes to them — unless `shared` says none changes them.
 */
export function groupedByIds<D extends { _id: unknown }>(
  read: (ids: unknown[]) => Promise<D[]>,
  maxBatch = 500,
  options: GroupedReadOptions = {},
): (ids: readonly unknown[]) => Promise<D[]> {
  return groupCommit<readonly unknown[], D[]>(async (lists) => {
    const unique = [...new Map(lists.flat().map((id) => [String(id), id])).values()];
    // Callers asking for nothing (e.g. a check without candidates) cost no read.
    const found = new Map((unique.length > 0 ? await read(unique) : []).map((doc) => [String(doc._id), doc]));
    const given = new Set<string>();
    return lists.map((ids) =>
      [...new Set(ids.map(String))].flatMap((key) => {
        const doc = found.get(key);
        if (!doc) {
          return [];
        }
        const first = options.shared || !given.has(key);
        given.add(key);
        return [first ? doc : copyOf(doc)];
      }),
    );
  }, maxBatch);
}

/** One document by _id through groupedByIds, or null. */
export function groupedById<D extends { _id: unknown }>(
  read: (ids: unknown[]) => Promise<D[]>,
  maxBatch = 500,
): (id: unknown) => Promise<D | null> {
  const many = groupedByIds(read, maxBatch);
  return async (id) => (await many([id]))[0] ?? null;
}

/** A deep copy of a plain document as the driver answers it: objects and arrays copied, dates renewed. */
export function copyOf<V>(value: V): V {
  if (Array.isArray(value)) {
    return value.map(copyOf) as V;
  }
  if (value instanceof Date) {
    return new Date(value.getTime()) as V;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)])) as V;
  }
  // ObjectIds and other driver values are immutable.
  return value;
}
