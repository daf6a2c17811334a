import mongoose from 'mongoose';

const unavailableErrors = [
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoPoolClearedError',
];

/**
 * Whether an error means the database could not be reached (down, restarting, failing over) rather
 * than that the operation itself was wrong: the request may simply be tried again a little later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  if (
    error instanceof mongoose.mongo.MongoNetworkError ||
    error instanceof mongoose.mongo.MongoServerSelectionError ||
    unavailableErrors.includes(error.name)
  ) {
    return true;
  }
  // insertMany/bulkWrite wrap a driver failure (network, server selection) in a bulk error that has
  // no write errors and no server code.
  if (
    error instanceof mongoose.mongo.MongoBulkWriteError &&
    [error.writeErrors].flat().length === 0 &&
    error.code === undefined
  ) {
    return true;
  }
  // mongoose queues operations while it has no connection and gives up after bufferTimeoutMS.
  return (
    (error.name === 'MongooseError' && /buffering timed out/.test(error.message)) || isDatabaseUnavailable(error.cause)
  );
}
