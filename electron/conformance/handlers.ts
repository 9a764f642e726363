/** Conformance testing's operations of the API contract, bound to its services. */
import type { Handlers } from '../../shared/api/contract';
import type { conformanceOperations } from '../../shared/api/conformanceOps';
import { applyImport, inspectImport } from './import';
import {
  addDefect,
  addResultEvidence,
  approveRound,
  conformanceDashboard,
  getConformance,
  recordResult,
  removeResultEvidence,
  setPlanScope,
  startRound,
  updateDefect,
  updateRound,
  type ConformanceContext,
} from './service';

export function conformanceHandlers(ctx: ConformanceContext): Pick<Handlers, keyof typeof conformanceOperations> {
  return {
    'conformance.get': (input) => getConformance(ctx, input.id),
    'conformance.dashboard': () => conformanceDashboard(ctx),
    'conformance.plan.set': (input) => setPlanScope(ctx, input),
    'conformance.round.start': (input) => startRound(ctx, input),
    'conformance.round.update': (input) => updateRound(ctx, input),
    'conformance.result.record': (input) => recordResult(ctx, input),
    'conformance.evidence.add': (input) =>
      addResultEvidence(ctx, {
        id: input.id,
        case: input.case,
        round: input.round,
        evidence: 'file' in input ? { file: { name: input.file.name, content: Buffer.from(input.file.content_base64, 'base64') } } : { reference: input.reference },
      }),
    'conformance.evidence.remove': (input) => removeResultEvidence(ctx, input),
    'conformance.defect.add': (input) => addDefect(ctx, input),
    'conformance.defect.update': (input) => updateDefect(ctx, input),
    'conformance.import.inspect': (input) => inspectImport(ctx, input),
    'conformance.import.apply': (input) => applyImport(ctx, input),
    'conformance.approve': (input) => approveRound(ctx, input),
  };
}
