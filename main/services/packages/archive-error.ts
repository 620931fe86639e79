/**
 * A refusal by the strict archive readers (zip.ts, tar.ts). `code` is one of the package
 * checks' stable codes; the Chinese text for the clerk is added where the code is reported.
 */
export class ArchiveError extends Error {
  constructor(
    readonly code: 'BAD_ARCHIVE' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
