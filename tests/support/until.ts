/** Polls the check until it holds; throws after timeoutMs (a liveness bound, not a performance goal). */
export async function until(check: () => Promise<boolean>, timeoutMs: number, pollMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      throw new Error(`condition not reached in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
