// A page that loads on every change of a filter or tab may have two requests in flight: a tab switched while a
// ruling is saved (which reloads the list when it lands), a page turned twice. Their answers can arrive in either
// order, and the one applied last wins — so an earlier request answering late would put a stale list on the screen.
// `latestAnswer` applies only the answer of the latest call; an earlier one is dropped when it arrives.

/** Wraps `fetch` so that `apply` sees only the answer of the latest call (an earlier call's answer is dropped). */
export function latestAnswer<A extends unknown[], T>(
  fetch: (...args: A) => Promise<T>,
  apply: (answer: T) => void,
): (...args: A) => Promise<void> {
  let calls = 0;
  return async (...args: A) => {
    const mine = ++calls;
    const answer = await fetch(...args);
    if (mine === calls) {
      apply(answer);
    }
  };
}
