import mongoose from 'mongoose';

// Local mode (本地模式) seeds a demo corp and re-syncs the organisation from the WeCom emulator, which
// resigns every employee the emulator does not know. That is only safe on a database local mode made
// itself: it marks a database it starts on while empty, and refuses any other.

const MARK_COLLECTION = 'deployment';
const MARK_ID = 'local-mode';

interface LocalModeMark {
  _id: string;
  createdAt: Date;
  /** Why the database was taken: it was empty, or local mode had already run on this DATA_DIR. */
  reason: 'empty' | 'earlier-local-mode';
}

function marks(): mongoose.mongo.Collection<LocalModeMark> {
  const db = mongoose.connection.db;
  if (!db) {
    throw new Error('not connected to the database');
  }
  return db.collection<LocalModeMark>(MARK_COLLECTION);
}

/** Whether local mode created (and marked) the connected database. */
export async function isLocalModeDatabase(): Promise<boolean> {
  return (await marks().countDocuments({ _id: MARK_ID })) > 0;
}

/**
 * Takes the connected database for local mode, or throws with the reason it may not: a database that
 * holds employees or customers local mode did not create. `earlierLocalMode` says local mode already
 * ran on this embedded database (its emulator corp file exists), before databases were marked.
 */
export async function claimDatabaseForLocalMode(options: { earlierLocalMode: boolean }): Promise<void> {
  if (await isLocalModeDatabase()) {
    return;
  }
  const db = mongoose.connection.db!;
  const [employees, customers] = await Promise.all([
    db.collection('employees').estimatedDocumentCount(),
    db.collection('customers').estimatedDocumentCount(),
  ]);
  const empty = employees === 0 && customers === 0;
  if (!empty && !options.earlierLocalMode) {
    throw new Error(
      `local mode refuses this database: it holds ${employees} employees and ${customers} customers that local mode ` +
        'did not create, and its demo corp and re-sync would overwrite them (resigning the employees). Set the WECOM_* ' +
        'credentials to run against your corp, or use an empty database for the demo.',
    );
  }
  await marks().updateOne(
    { _id: MARK_ID },
    { $setOnInsert: { createdAt: new Date(), reason: empty ? 'empty' : 'earlier-local-mode' } },
    { upsert: true },
  );
}

/** Refuses (throws) local-mode work on a database local mode did not mark, e.g. a re-sync from the CLI. */
export async function assertLocalModeDatabase(): Promise<void> {
  if (!(await isLocalModeDatabase())) {
    throw new Error(
      'local mode: this database was not created by local mode, so the demo corp may not be synced into it ' +
        '(set the WECOM_* credentials to re-sync from your corp)',
    );
  }
}
