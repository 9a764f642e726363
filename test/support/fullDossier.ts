/**
 * A dossier as it stands before go-live: full intake (demo data, with an Indigenous-language
 * partner name), a deployment plan started from the template, and the Volume 2 gap analysis
 * answered and assessed for every applicable question — some gaps rated, one risk accepted by the
 * MoH Health Registries manager (the profile, Amrit Dhillon, with a signing key: the engine must
 * keep its key in a file, tempEngine keyPassphrase). Used by the document tests and the benchmark.
 */
import { dispatch } from '../../shared/api/dispatch';
import type { Handlers } from '../../shared/api/contract';
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';
import type { Response } from '../../shared/questionnaire/template';

type Call = <T>(name: string, input: unknown) => Promise<T>;

function caller(handlers: Handlers): Call {
  return async <T,>(name: string, input: unknown) => {
    const result = await dispatch(handlers, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
}

/** The assessment of the n-th applicable question: mostly compliant, a few gaps (or many). */
function assessmentFor(n: number, manyGaps: boolean): Response {
  if (manyGaps) return n % 3 === 0 ? 'compliant' : n % 3 === 1 ? 'partially_compliant' : 'not_compliant';
  if (n % 17 === 5) return 'not_compliant';
  if (n % 7 === 3) return 'partially_compliant';
  if (n % 23 === 11) return 'not_applicable';
  return 'compliant';
}

export interface FullDossier {
  reference: string;
  questions: number;
  gaps: number;
}

/** Builds the dossier in the engine behind `handlers`; `seed` is the demo index (0 gives "Sḵwx̱wú7mesh Úxwumixw Health Services"). */
export async function buildFullDossier(handlers: Handlers, seed = 0, options: { manyGaps?: boolean } = {}): Promise<FullDossier> {
  const manyGaps = Boolean(options.manyGaps);
  const call = caller(handlers);
  await call('demo.seed', { count: seed + 1 });
  const list = await call<{ rows: { reference: string }[] }>('dossier.list', { sort: 'reference', direction: 'asc' });
  const reference = list.rows[seed]!.reference;
  await call('dossier.update', { id: reference, changes: { 'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services', 'contacts.sponsor.name': 'ʔaq̓am Élise Tremblay' } });
  // Demo dossiers past Implementation already have their plan.
  if (!(await call<{ started: boolean }>('deploymentPlan.get', { id: reference })).started) await call('deploymentPlan.start', { id: reference, from: 'template' });
  // The questionnaire is answered once CIS provided it, after the kick-off.
  const dossier = await call<{ fields: Record<string, unknown>; activities: { key: string; status: string }[] }>('dossier.get', { id: reference });
  if (!dossier.fields['start.questionnaire_provided_date']) {
    if (dossier.activities.find((a) => a.key === 'kickoff')!.status !== 'done') await call('activity.update', { id: reference, activity: 'kickoff', changes: { status: 'done' } });
    await call('questionnaire.provide', { id: reference });
  }

  // The risk acceptance below is the profile's, signed with its key.
  await call('profile.set', { name: 'Amrit Dhillon', role: 'moh_registries_manager' });
  if (!(await call<{ identity: unknown }>('keys.status', {})).identity) await call('keys.init', {});

  // Screening questions first, so that the conditional questions they open are answered too.
  let view = await call<QuestionnaireView>('questionnaire.get', { id: reference });
  const answered = new Set<string>();
  let n = 0;
  let gaps = 0;
  for (let pass = 0; pass < 3; pass++) {
    for (const answer of view.answers) {
      if (!answer.applicable || answered.has(answer.question_id)) continue;
      answered.add(answer.question_id);
      const assessment = assessmentFor(n++, manyGaps);
      await call('questionnaire.answer', { id: reference, question: answer.question_id, response: assessment === 'not_applicable' ? 'not_applicable' : 'compliant', comment: `Partner statement for ${answer.question_id}: policy reviewed annually; see the attached evidence.` });
      const result = await call<{ gap: { id: string } | null }>('questionnaire.assess', { id: reference, question: answer.question_id, assessment, comment: assessment === 'compliant' ? null : 'Reviewer: evidence incomplete.' });
      if (result.gap) {
        gaps++;
        const accepted = gaps === 2;
        await call('gap.update', {
          id: reference,
          gap: result.gap.id,
          changes: {
            description: `Control ${answer.question_id} is not fully in place at the partner; a documented procedure with named owners is missing.`,
            likelihood: 2 + (gaps % 3),
            impact: 2 + (gaps % 4),
            plan: 'Write and approve the procedure, train staff, and provide the signed procedure as evidence.',
            owner: gaps % 2 ? 'Jordan Whitehorse' : 'Sḵwx̱wú7mesh IT',
            due_date: manyGaps ? ['2026-12-20', '2027-01-15', '2027-02-28', '2026-09-30'][gaps % 4]! : '2027-01-15',
            ...(manyGaps && !accepted && gaps % 5 === 3 ? { status: 'in_progress' } : {}),
            ...(accepted
              ? {
                  status: 'risk_accepted',
                  acceptance_justification: 'A compensating control is in place: access to PCR is reviewed monthly by the privacy officer.',
                  acceptance_conditions: 'The documented procedure is in place before the annual audit.',
                  acceptance_expires: '2030-06-30',
                }
              : {}),
          },
        });
        // Remediated: the question reassessed compliant once the partner fixed it.
        if (manyGaps && !accepted && gaps % 5 === 1) await call('questionnaire.assess', { id: reference, question: answer.question_id, assessment: 'compliant', comment: 'Reviewer: the signed procedure was provided.' });
      }
    }
    view = await call<QuestionnaireView>('questionnaire.get', { id: reference });
  }
  return { reference, questions: answered.size, gaps };
}
