// Work that several processes share (stored WeCom events, outbound messages, chat leads) is taken
// under a lease: one conditional update sets `leaseUntil`, and nobody else takes the document until
// the lease lapses — so a crashed holder's work is taken over, never done twice at once.

/** Matches documents nobody holds: no lease, or one that lapsed by `now`. */
export function unleased(now: Date): { $or: [{ leaseUntil: null }, { leaseUntil: { $lte: Date } }] } {
  return { $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] };
}

/** The expiry of a lease taken or renewed now. */
export function leaseExpiry(now: Date, leaseMs: number): Date {
  return new Date(now.getTime() + leaseMs);
}

/**
 * Takes the lease of the document matching `filter` if nobody holds it, applying `update` in the same
 * atomic write; answers the leased document, or null when someone else holds it (or nothing matches).
 */
export async function takeLease<T>(
  model: LeasableModel,
  filter: Record<string, unknown>,
  now: Date,
  leaseMs: number,
  update: { $set?: Record<string, unknown>; $inc?: Record<string, number> } = {},
): Promise<T | null> {
  const lease = { ...update, $set: { ...update.$set, leaseUntil: leaseExpiry(now, leaseMs) } };
  return (await model
    .findOneAndUpdate({ ...filter, ...unleased(now) }, lease, { returnDocument: 'after' })
    .lean()) as T | null;
}

/** The one operation of a mongoose model a lease needs. */
interface LeasableModel {
  findOneAndUpdate(
    filter: object,
    update: object,
    options: { returnDocument: 'after' },
  ): { lean(): PromiseLike<unknown> };
}

/**
 * Renews a lease while work on it runs. The lease's expiry doubles as the holder's token: every write
 * after the work filters on it, so a worker whose lease lapsed and was taken over cannot overwrite
 * the new holder's result.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private token: Date,
    private readonly renew: (current: Date) => Promise<Date | null>,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer = setInterval(
      () => {
        this.renewing = this.renewing
          .then(() => this.renew(this.token))
          .then((next) => {
            if (next) {
              this.token = next;
            }
          })
          .catch(() => undefined); // a missed renewal only shortens the lease
      },
      Math.max(this.intervalMs, 50),
    );
    return this;
  }

  /** Stops renewing and returns the current token once any renewal in flight has landed. */
  async stop(): Promise<Date> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.renewing;
    return this.token;
  }
}
