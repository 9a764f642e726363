import type { z } from 'zod';

/** One operation of the contract: its input and output schemas. */
export const op = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
