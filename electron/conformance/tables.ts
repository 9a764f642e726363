/** Row ids of conformance records: singletons are named after what they belong to, so devices agree. */
export const planItemId = (dossierId: string, caseId: string) => `${dossierId}/conformance/plan/${caseId}`;
export const resultId = (roundId: string, caseId: string) => `${roundId}/result/${caseId}`;
