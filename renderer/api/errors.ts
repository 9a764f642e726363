/** Turning failures into what a lead should read: the API's message, never a stack. */
import { ApiCallError } from '../../shared/api/client';
import type { ApiError } from '../../shared/api/errors';

export function apiErrorOf(error: unknown): ApiError | null {
  return error instanceof ApiCallError ? error.error : null;
}

export function errorMessage(error: unknown): string {
  const apiError = apiErrorOf(error);
  if (apiError) return apiError.message;
  return 'Something went wrong in the workbench window. Try again; if it keeps happening, restart the workbench.';
}
