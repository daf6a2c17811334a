// WeCom asks senders to avoid :00 and :30; the outbox holds messages produced from :29 to :01 until two
// minutes past (models/messages/employee-message.ts, sendableAt). A test that watches messages go out
// within a few minutes must either not straddle that hold, or allow for it (SEND_HOLD_MS): a send
// that is rightly not yet due is not a failure.

const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
/** The hold ends two minutes into each half hour and starts a minute before the next one. */
const HOLD_ENDS = 2 * MINUTE;
const HOLD_STARTS = 29 * MINUTE;

/** Waits, when needed, until the next `minutes` minutes are clear of the send hold. */
export async function clearOfSendHold(minutes: number): Promise<void> {
  const phase = Date.now() % HALF_HOUR;
  if (phase >= HOLD_ENDS && phase + minutes * MINUTE <= HOLD_STARTS) {
    return;
  }
  const wait = phase < HOLD_ENDS ? HOLD_ENDS - phase : HALF_HOUR - phase + HOLD_ENDS;
  await new Promise((resolve) => setTimeout(resolve, wait + 1_000));
}

/** The longest a message produced now is held before it may go out. */
export const SEND_HOLD_MS = 3 * MINUTE;

/** The longest clearOfSendHold may wait, for the hook's timeout. */
export const SEND_HOLD_WAIT_MS = HALF_HOUR - HOLD_STARTS + HOLD_ENDS + 10 * MINUTE;
