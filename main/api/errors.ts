/**
 * The one error type that crosses the API. `message` is Chinese and tells the clerk what to
 * do; `field` names the input field it is about (dot path), when there is one.
 * This file is imported by the renderer too, so it must stay free of Node imports.
 */
export interface ApiErrorShape {
  code: string;
  message: string;
  field?: string;
}

export class StationError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'StationError';
    this.code = code;
    this.field = field;
  }

  toJSON(): ApiErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** Stable error codes used across services. Areas add their own. */
export const ErrorCode = {
  validation: 'VALIDATION',
  unknownCall: 'UNKNOWN_CALL',
  notSetUp: 'NOT_SET_UP',
  alreadySetUp: 'ALREADY_SET_UP',
  notFound: 'NOT_FOUND',
  dbCorrupt: 'DB_CORRUPT',
  dbNewerSchema: 'DB_NEWER_SCHEMA',
  dbLocked: 'DB_LOCKED',
  dbReadOnly: 'DB_READ_ONLY',
  diskFull: 'DISK_FULL',
  writesStopped: 'WRITES_STOPPED',
  forbidden: 'FORBIDDEN',
  /** The lock screen is on and nobody is signed in (or the session ran out). */
  locked: 'LOCKED',
  /** A step the record's state does not allow (e.g. editing a closed reception). */
  invalidTransition: 'INVALID_TRANSITION',
  keyUnreadable: 'KEY_UNREADABLE',
  /** Packages: no county profile yet; an export already running; nothing changed since the last one. */
  noProfile: 'NO_PROFILE',
  exportRunning: 'EXPORT_RUNNING',
  nothingToExport: 'NOTHING_TO_EXPORT',
  internal: 'INTERNAL',
} as const;
