/** A usage error or unreadable input: printed as one line, exit status 2, never a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
