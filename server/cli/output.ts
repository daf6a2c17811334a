/**
 * Writes to stdout and resolves once the text is handed to the OS: the CLI exits right after a
 * command, and an exit while a pipe still holds queued output would cut it short.
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
