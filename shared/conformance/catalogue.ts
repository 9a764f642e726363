/**
 * The conformance test catalogue format (templates/conformance/<id>/v<N>.json): for each PCR
 * transaction and standard the cases CIS runs, each with a stable id, what it checks, how, what is
 * expected, whether it is required, the evidence expected and the sources it derives from.
 */
import { z } from 'zod';
import { PCR_TRANSACTIONS, type PcrTransaction } from '../reference';

export const STANDARDS = ['hl7v3', 'fhir'] as const;
export type Standard = (typeof STANDARDS)[number];
export const STANDARD_LABELS: Record<Standard, string> = { hl7v3: 'HL7v3', fhir: 'FHIR R4' };

export const EVIDENCE_KINDS = ['request', 'response', 'screenshot', 'log'] as const;

const caseId = z.string().regex(/^[A-Z]{1,4}-\d{2,3}$/, 'case ids look like "FC-01": capital letters, a dash and two or three digits');
const text = (min: number) => z.string().min(min, `at least ${min} characters`);

export const caseSchema = z
  .object({
    id: caseId,
    title: text(5),
    transaction: z.string(),
    standards: z.array(z.enum(STANDARDS)).min(1),
    purpose: text(10),
    preconditions: z.array(text(3)).min(1),
    steps: z.array(text(3)).min(1),
    expected: text(10),
    required: z.boolean(),
    evidence: z.array(z.enum(EVIDENCE_KINDS)).min(1),
    citations: z.array(z.object({ source: z.string(), note: text(3) }).strict()).min(1),
  })
  .strict();

export const catalogueSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().min(1),
    title: text(3),
    description: text(10),
    standards: z.array(z.enum(STANDARDS)).min(1),
    evidence_kinds: z.array(z.enum(EVIDENCE_KINDS)).min(1),
    sources: z.record(z.string(), z.object({ title: text(3), location: text(3) }).strict()),
    cases: z.array(caseSchema).min(1),
  })
  .strict()
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    const covered = new Set<string>();
    catalogue.cases.forEach((c, i) => {
      const at = ['cases', i];
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate case id "${c.id}"` });
      seen.add(c.id);
      const transaction = PCR_TRANSACTIONS.find((t) => t.key === c.transaction);
      if (!transaction) {
        ctx.addIssue({ code: 'custom', path: [...at, 'transaction'], message: `"${c.transaction}" is not a transaction of templates/reference/pcr-transactions.json` });
        return;
      }
      c.standards.forEach((standard, s) => {
        if (!supports(transaction, standard)) ctx.addIssue({ code: 'custom', path: [...at, 'standards', s], message: `${transaction.name} has no ${STANDARD_LABELS[standard]} form` });
        covered.add(`${c.transaction}/${standard}`);
      });
      c.citations.forEach((citation, k) => {
        if (!Object.hasOwn(catalogue.sources, citation.source)) ctx.addIssue({ code: 'custom', path: [...at, 'citations', k, 'source'], message: `"${citation.source}" is not one of the catalogue's sources` });
      });
    });
    for (const transaction of PCR_TRANSACTIONS) {
      for (const standard of STANDARDS) {
        if (supports(transaction, standard) && !covered.has(`${transaction.key}/${standard}`)) {
          ctx.addIssue({ code: 'custom', path: ['cases'], message: `no ${STANDARD_LABELS[standard]} case for the transaction "${transaction.key}" (${transaction.name})` });
        }
      }
    }
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueCase = z.infer<typeof caseSchema>;

export function supports(transaction: PcrTransaction, standard: Standard): boolean {
  return (standard === 'hl7v3' ? transaction.hl7v3 : transaction.fhir) !== null;
}

/** The standards a dossier's integration standard field (hl7v3 | fhir | both) asks for. */
export function standardsOf(integrationStandard: string | null): Standard[] {
  if (integrationStandard === 'both') return ['hl7v3', 'fhir'];
  return integrationStandard === 'hl7v3' || integrationStandard === 'fhir' ? [integrationStandard] : [];
}

/** Whether a case belongs in the plan of a dossier with these standards and transactions. */
export function applies(c: CatalogueCase, standards: readonly Standard[], transactions: readonly string[]): boolean {
  return transactions.includes(c.transaction) && c.standards.some((s) => standards.includes(s));
}
