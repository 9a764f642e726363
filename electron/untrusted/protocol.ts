/**
 * The messages between the engine and the worker that parses untrusted files. Errors cross as
 * plain data: a WorkbenchError keeps its code, message and details; anything else keeps its
 * name and message so the engine can say why the file could not be read.
 */
import { WorkbenchError, type ErrorCode, type ErrorDetails } from '../../shared/api/errors';

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export interface CrossedError {
  name: string;
  message: string;
  code?: ErrorCode;
  details?: ErrorDetails;
}

export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; ok: true; value: unknown } | { type: 'result'; id: number; ok: false; error: CrossedError };

export function crossError(error: unknown): CrossedError {
  if (error instanceof WorkbenchError) return { name: error.name, message: error.message, code: error.code, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
