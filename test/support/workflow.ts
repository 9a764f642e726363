/**
 * A dossier walked through the workflow the way its people do it, for tests whose subject lies
 * past a phase gate: intake completed and the kick-off held, then (toDeployment) the gap analysis
 * handed off, answered and assessed, every Implementation activity done and the dossier advanced.
 * Conformance testing is done only on its records, so toDeployment expects them to pass already
 * (see passConformance).
 */
import { dispatch } from '../../shared/api/dispatch';
import type { Handlers } from '../../shared/api/contract';
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';

type Call = <T>(name: string, input: unknown) => Promise<T>;

function caller(handlers: Handlers): Call {
  return async <T,>(name: string, input: unknown) => {
    const result = await dispatch(handlers, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message} ${JSON.stringify(result.error.details?.reasons ?? [])}`);
    return result.value as T;
  };
}

const done = (call: Call, ref: string, activity: string) => call('activity.update', { id: ref, activity, changes: { status: 'done' } });

/** The intake fields the gate asks for, the kick-off held, and the dossier in Implementation with its test environment set up. */
export async function toImplementation(handlers: Handlers, ref: string): Promise<void> {
  const call = caller(handlers);
  await call('dossier.update', {
    id: ref,
    changes: {
      'integration.type': 'active',
      'contacts.sponsor.name': 'Ava Joe',
      'contacts.sponsor.email': 'ava.joe@example.org',
      'leads.moh_registries_manager': 'Harpreet Sandhu',
      'leads.cgi_business_support_lead': 'Mei Chen',
      'integration.environments': ['HD4', 'HT2'],
    },
  });
  await done(call, ref, 'kickoff');
  await call('dossier.advance', { id: ref });
  await done(call, ref, 'test_environment');
}

/**
 * From Implementation with conformance testing passed: the gap analysis handed off after the
 * kick-off, answered and assessed compliant, the Implementation activities done, the dossier
 * advanced, and every Deployment activity but go-live done.
 */
export async function toDeployment(handlers: Handlers, ref: string): Promise<void> {
  const call = caller(handlers);
  await call('questionnaire.provide', { id: ref });
  // Screening questions open conditional ones; answer until nothing new is applicable.
  const answered = new Set<string>();
  for (;;) {
    const open = (await call<QuestionnaireView>('questionnaire.get', { id: ref })).answers.filter((a) => a.applicable && !answered.has(a.question_id));
    if (open.length === 0) break;
    for (const answer of open) {
      answered.add(answer.question_id);
      await call('questionnaire.answer', { id: ref, question: answer.question_id, response: 'compliant' });
      await call('questionnaire.assess', { id: ref, question: answer.question_id, assessment: 'compliant' });
    }
  }
  for (const activity of ['analysis_design', 'conformance_testing']) await done(call, ref, activity);
  await call('dossier.advance', { id: ref });
  for (const activity of ['ministry_requirements', 'deployment_planning']) await done(call, ref, activity);
}
