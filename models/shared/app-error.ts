// One error type for the whole product: a string code for programs, an HTTP status, and a Chinese
// message that is safe to show to users.

export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_CREDIT_CODE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_OWNER: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CASE_NOT_FOUND: 404,
  DUPLICATE_FLAG_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  EMPLOYEE_NOT_FOUND: 404,
  ALREADY_OWNED: 409,
  NOT_PUBLIC: 409,
  POOL_CAPACITY_FULL: 409,
  STAKE_CAPACITY_FULL: 409,
  DAILY_CLAIM_LIMIT: 429,
  COOLDOWN_ACTIVE: 409,
  CUSTOMER_LOCKED: 409,
  /** A team's maximum of locked customers (maxLockedPerTeam) is reached. */
  LOCK_LIMIT_REACHED: 409,
  CUSTOMER_SIGNED: 409,
  CUSTOMER_QUARANTINED: 409,
  /** A tombstone of a merged customer (疑似重复 review): it points at its survivor. */
  CUSTOMER_MERGED: 409,
  INVALID_STATE: 409,
  EMPLOYEE_INACTIVE: 409,
  DUPLICATE_CUSTOMER: 409,
  CASE_ALREADY_OPEN: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  /** Several numbers behind one masked phone checked in a day (models/conflicts/phone-probes.ts). */
  PROBING_REFUSED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  WECOM_API_ERROR: 502,
  WECOM_CONFIG_ERROR: 502,
  WECOM_RATE_LIMITED: 503,
  WECOM_UNAVAILABLE: 503,
  // WeCom API answers the product must tell apart (server/wecom/wecom-errors.ts maps every errcode).
  WECOM_CODE_INVALID: 401,
  WECOM_NOT_FRIEND: 409,
  WECOM_EXTERNAL_USER_INVALID: 404,
  WECOM_USER_NOT_FOUND: 404,
  WECOM_TRANSFER_LIMIT: 409,
  WECOM_TRANSFER_IN_PROGRESS: 409,
  WECOM_TRANSFER_REFUSED: 409,
  // The callback endpoint's refusals (server/wecom/README.md §1): nothing is stored for any of them.
  WECOM_CALLBACK_SIGNATURE_INVALID: 401,
  WECOM_CALLBACK_TIMESTAMP_STALE: 401,
  WECOM_CALLBACK_DECRYPT_FAILED: 400,
  WECOM_CALLBACK_RECEIVER_MISMATCH: 403,
  WECOM_CALLBACK_XML_INVALID: 400,
  WECOM_CALLBACK_XML_FORBIDDEN: 400,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export interface AppErrorOptions {
  /** Extra machine-readable facts (e.g. who owns the customer, when a cooldown ends). */
  details?: Record<string, unknown>;
  /** Whether the message may be shown to the caller; internal errors are masked. */
  expose?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    // A 5xx message is for the logs: the error handler answers its status and code with a generic
    // Chinese message per code (WECOM_UNAVAILABLE: try again later) and drops its details.
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
