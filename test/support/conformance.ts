/**
 * Conformance testing done the way the gate wants it, for tests that need to get past it: a round
 * in HT2 with every required case in scope passed, and a CIS approval signed with a CIS key (created
 * here when the engine has none). The engine must keep its key in a file (tempEngine keyPassphrase).
 */
import { dispatch } from '../../shared/api/dispatch';
import type { Handlers } from '../../shared/api/contract';
import type { ConformanceView } from '../../shared/conformance/model';

export async function passConformance(handlers: Handlers, ref: string): Promise<ConformanceView> {
  const ok = async <T,>(name: string, input: unknown): Promise<T> => {
    const result = await dispatch(handlers, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  const keys = await ok<{ identity: { role: string } | null }>('keys.status', {});
  if (!keys.identity) await ok('keys.init', { role: 'cis', name: 'Chidi Okafor' });
  const view = await ok<ConformanceView>('conformance.round.start', { id: ref, partner_tester: 'Partner Tester', cis_reviewer: 'Chidi Okafor' });
  for (const c of view.plan.filter((p) => p.scope === 'in_scope' && p.required)) {
    await ok('conformance.result.record', { id: ref, case: c.case_id, status: 'passed', actual: 'As expected' });
  }
  await ok('conformance.approve', { id: ref, decision: 'approved' });
  return ok<ConformanceView>('conformance.get', { id: ref });
}
