/** Dossiers whose organization probably is the one a new dossier is about to be created for. */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import { SIMILAR_NAME_THRESHOLD, nameSimilarity } from '../../shared/dossier/similarNames';
import type { ServiceContext } from './service';

const MOST = 5;

export function findSimilarDossiers(ctx: ServiceContext, input: OperationArgs<'dossier.similar'>): OperationOutput<'dossier.similar'> {
  const organization = input.organization.trim();
  if (organization === '') return [];
  const rows = ctx.store
    .prepare('SELECT id, reference, status__phase AS phase, organization__legal_name AS organization, application__name AS application FROM dossiers WHERE deleted_at IS NULL AND organization__legal_name IS NOT NULL')
    .all() as { id: string; reference: string; phase: string; organization: string; application: string | null }[];
  return rows
    .filter((row) => row.id !== input.exclude)
    .map((row) => ({ row, score: nameSimilarity(organization, row.organization) }))
    .filter(({ score }) => score >= SIMILAR_NAME_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.row.reference.localeCompare(b.row.reference))
    .slice(0, MOST)
    .map(({ row }) => ({ id: row.id, reference: row.reference, organization: row.organization, application: row.application, phase: row.phase }));
}
