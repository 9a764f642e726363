/** Reference lists kept as data in templates/reference, validated when first imported. */
import { z } from 'zod';
import transactionsFile from '../templates/reference/pcr-transactions.json' with { type: 'json' };
import environmentsFile from '../templates/reference/hcim-environments.json' with { type: 'json' };

const transactionSchema = z.object({
  key: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string().min(1),
  hl7v3: z.string().nullable(),
  fhir: z.string().nullable(),
  updatesPcr: z.boolean(),
});
const environmentSchema = z.object({ key: z.string().regex(/^[A-Z0-9]+$/), name: z.string().min(1) });

export type PcrTransaction = z.infer<typeof transactionSchema>;
export type HcimEnvironment = z.infer<typeof environmentSchema>;

export const PCR_TRANSACTIONS: readonly PcrTransaction[] = z
  .object({ transactions: z.array(transactionSchema).min(1) })
  .parse(transactionsFile).transactions;

export const HCIM_ENVIRONMENTS: readonly HcimEnvironment[] = z
  .object({ environments: z.array(environmentSchema).min(1) })
  .parse(environmentsFile).environments;
