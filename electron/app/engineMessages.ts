/** The messages between the main process and the engine's utility process. */
import type { ApiResult } from '../../shared/api/errors';

export interface EngineRequest {
  id: number;
  name: string;
  input: unknown;
}

export interface EngineResponse {
  id: number;
  result: ApiResult<unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function isEngineRequest(message: unknown): message is EngineRequest {
  return isRecord(message) && Number.isSafeInteger(message.id) && typeof message.name === 'string';
}

export function isEngineResponse(message: unknown): message is EngineResponse {
  return isRecord(message) && Number.isSafeInteger(message.id) && isRecord(message.result) && typeof message.result.ok === 'boolean';
}
