/** Runs one operation against the handlers: parses input and output by the contract, maps errors. */
import { z } from 'zod';
import { contract, isOperationName, type Handlers } from './contract';
import { WorkbenchError, type ApiResult } from './errors';

export function zodProblems(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.') || '(input)';
    return { field, message: `${field}: ${issue.message}` };
  });
}

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  onInternalError: (error: unknown) => void = () => {},
): Promise<ApiResult<unknown>> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'validation', message: `Unknown operation ${JSON.stringify(name)}` } };
  }
  const spec = contract[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const problems = zodProblems(parsed.error);
    return {
      ok: false,
      error: { code: 'validation', message: problems.map((p) => p.message).join('; '), details: { problems } },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: spec.output.parse(value) };
  } catch (error) {
    if (error instanceof WorkbenchError) return { ok: false, error: error.toApiError() };
    onInternalError(error);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the workbench; the details are in its log.' } };
  }
}
