import type { MongoClient } from 'mongodb';

// What the embedded server's `durableWrites` command answers on file storage (scripts/mongo/Launcher.java).

export interface Durability {
  /** Write commands applied so far. */
  applied: number;
  /** How many of them a forced journal (or a checkpoint) covers. */
  durable: number;
  /** Journal forces made for writes. */
  syncs: number;
  /** Checkpoints of the H2 file. */
  checkpoints: number;
  /** Bytes in the current journal segment. */
  journalBytes: number;
  /** Journal records the store's opening replayed. */
  replayed: number;
}

export async function durableWrites(client: MongoClient): Promise<Durability> {
  return (await client.db('admin').command({ durableWrites: 1 })) as unknown as Durability;
}
