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
 * Node's errors for a socket the other side closed or reset. The driver wraps those its socket reports as
 * MongoNetworkError, but one raised by the write of a command (the database closed the connection just
 * before: "This socket has been ended by the other party", EPIPE) reaches the caller as Node raised it.
 */
const socketCodes = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTCONN']);

/** A socket error raised inside the driver's connection code (its frames are on the stack). */
function isDriverSocketError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    typeof code === 'string' &&
    socketCodes.has(code) &&
    /[\\/]mongodb[\\/](?:src|lib)[\\/]cmap[\\/]connection\.[jt]s/.test(error.stack ?? '')
  );
}

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
    unavailableErrors.includes(error.name) ||
    isDriverSocketError(error)
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
