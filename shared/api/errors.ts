/** Errors that cross the API boundary: a typed code and a message a lead can act on. */
export const ERROR_CODES = ['validation', 'not_found', 'gate_blocked', 'conflict', 'forbidden', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  /** Field-level problems, keyed by dotted path. */
  problems?: { field: string; message: string }[];
  /** Every unmet reason, for a refused phase gate. */
  reasons?: string[];
  /** The activities standing in the way of a refused workflow change (shared/workflow/rules.ts). */
  blocking?: string[];
  /** Why a sync stopped (`lineage`, `mass_delete`, `offline`, ...), for a failure of `sync.run`. */
  sync_failure?: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class WorkbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }

  toApiError(): ApiError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
