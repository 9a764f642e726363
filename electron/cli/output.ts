/** How the CLI prints: one JSON document with --json, readable text otherwise; errors on stderr. */
import type { ApiError } from '../../shared/api/errors';

/** A refusal to print as `Error: …` with its exit code (the API's error, or the command line's own). */
export class CliFailure extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

/**
 * Runs a call and adds the command line's way of doing what a refusal asks: the engine speaks of
 * "accept the new server", the command line adds `--accept-new-server`.
 */
export async function withFlagHint<T>(work: Promise<T>, hintFor: (error: ApiError) => string | null): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const hint = error instanceof CliFailure ? hintFor(error.apiError) : null;
    if (!hint || !(error instanceof CliFailure)) throw error;
    throw new CliFailure({ ...error.apiError, message: `${error.apiError.message} ${hint}` });
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

export function exitCodeFor(error: ApiError): number {
  switch (error.code) {
    case 'validation':
    case 'not_found':
      return EXIT.usage;
    case 'gate_blocked':
    case 'conflict':
    case 'forbidden':
      return EXIT.refused;
    default:
      return EXIT.failure;
  }
}

export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function printError(output: Output, error: ApiError): void {
  if (output.json) output.out(JSON.stringify({ error }, null, 2));
  output.err(`Error: ${error.message}`);
  for (const reason of error.details?.reasons ?? []) output.err(`  - ${reason}`);
}

/** Left-aligned columns, widths from the content, for list output. */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  '))
    .join('\n');
}
