/**
 * The signed records a demo dossier needs to have passed its gates honestly: conformance rounds
 * with a CIS interface approval signed over the round's summary, the approval package's recorded
 * decisions, and a risk acceptance signed by a MoH Health Registries manager.
 *
 * Demo signers get ephemeral Ed25519 keys: each key is generated for one seeding run, its public
 * key is trusted in this workbench's keyring for its person's role, it signs, and the private key
 * is dropped when the run ends (never written anywhere), so nobody can sign with it afterwards.
 */
import type { KeyObject } from 'node:crypto';
import type { FieldValues } from '../../shared/dossier/values';
import type { ParticipantRole } from '../../shared/workflow/roles';
import { CONFORMANCE_ENVIRONMENT } from '../../shared/conformance/model';
import type { Catalogue } from '../../shared/conformance/catalogue';
import { planInputs, readDefects, readPlan, readRounds } from '../conformance/read';
import { resultId } from '../conformance/tables';
import { roundSummary, signStatement, summarySha256, summaryText } from '../conformance/approval';
import { approvalRowId } from '../packages/approvals';
import { generateSigningKey, keyIdOf, publicKeyBase64, publicKeyOf, sha256Hex } from '../packages/keys';
import { readKeyring, trustKey } from '../packages/keyring';
import { canonicalJson } from '../packages/canonicalJson';
import { signAcceptance } from '../questionnaire/riskAcceptance';
import type { RiskLevel } from '../../shared/questionnaire/template';
import { newId, type Change, type StoredValue, type Store } from '../store/index';

export interface DemoSigner {
  name: string;
  role: ParticipantRole;
  keyId: string;
  publicKey: string;
  privateKey: KeyObject;
}

/** Ephemeral keys for the people who sign in the demo, trusted here for their roles (when there is a keyring). */
export function demoSigners(people: readonly { name: string; role: ParticipantRole }[], keysDir: string | undefined, now: Date): Map<string, DemoSigner> {
  const signers = new Map<string, DemoSigner>();
  const trusted = keysDir ? readKeyring(keysDir) : [];
  for (const person of people) {
    const privateKey = generateSigningKey();
    const publicKey = publicKeyOf(privateKey);
    const signer = { ...person, keyId: keyIdOf(publicKey), publicKey: publicKeyBase64(publicKey), privateKey };
    // A second seeding trusts a second key for the same person: the first one's private key is gone.
    if (keysDir) trustKey(keysDir, { key_id: signer.keyId, public_key: signer.publicKey, name: person.name, role: person.role }, now, { allowConflict: trusted.some((k) => k.name === person.name) });
    signers.set(person.name, signer);
  }
  return signers;
}

const writes = (entity: Change['entity'], rowId: string, dossierId: string, values: Record<string, StoredValue>): Change[] =>
  Object.entries(values).map(([field, value]) => ({ entity, rowId, field, value, dossierId }));

export interface DemoRound {
  startedOn: string;
  /** Absent while the round is still being run. */
  endedOn?: string;
  partnerTester: string;
  reviewer: string | null;
  /** Cases that failed in this round (the rest in scope passed, or were not run yet when `share` < 1). */
  failed: readonly number[];
  /** Share of in-scope cases with a result (1 once the round ended). */
  share: number;
}

export interface DemoConformance {
  dossierId: string;
  fields: FieldValues;
  rounds: readonly DemoRound[];
  /** A major defect found in round 1 on its first failed case, verified by the last round. */
  defect: boolean;
  /** The CIS person who approves the last round (it must have ended), signing on `approvedOn`. */
  approver?: { signer: DemoSigner; on: string };
}

const at = (day: string, hour = 17) => `${day}T${String(hour).padStart(2, '0')}:20:00.000Z`;

/**
 * Writes the dossier's conformance rounds, results and defect, then, when it is approved, the CIS
 * approval signed over the summary the conformance view recomputes — so the approval stands.
 */
export function writeDemoConformance(store: Store, catalogue: Catalogue, demo: DemoConformance): void {
  const { dossierId } = demo;
  // Results are recorded for in-scope cases only, so the plan is the same before and after them.
  const plan = readPlan(store, dossierId, catalogue, planInputs(demo.fields));
  const inScope = plan.filter((c) => c.scope === 'in_scope').map((c) => c.case_id);
  const caseOf = (k: number) => inScope[k % inScope.length]!;
  const roundIds = demo.rounds.map(() => newId());
  const changes: Change[] = [];
  demo.rounds.forEach((round, n) => {
    const id = roundIds[n]!;
    changes.push(
      ...writes('conformance_rounds', id, dossierId, {
        dossier_id: dossierId,
        number: n + 1,
        environment: CONFORMANCE_ENVIRONMENT,
        started_on: round.startedOn,
        ended_on: round.endedOn ?? null,
        partner_tester: round.partnerTester,
        cis_reviewer: round.reviewer,
        created_at: at(round.startedOn, 16),
      }),
    );
    const failed = new Set(round.failed.map(caseOf));
    const previous = demo.rounds[n - 1];
    inScope.slice(0, Math.round(inScope.length * round.share)).forEach((caseId, k) => {
      // A pass carries over from the round before, as starting a round does; a case that failed there is tested again.
      const carried = previous !== undefined && !previous.failed.some((f) => caseOf(f) === caseId);
      changes.push(
        ...writes('conformance_results', resultId(id, caseId), dossierId, {
          dossier_id: dossierId,
          round_id: id,
          case_id: caseId,
          status: failed.has(caseId) ? 'failed' : 'passed',
          actual: failed.has(caseId) ? 'The response lacked the identifier’s assigning authority; the message was rejected.' : 'As expected.',
          recorded_at: at(round.endedOn ?? round.startedOn, 18 + (k % 4)),
          ...(carried ? { carried_from: roundIds[n - 1]! } : {}),
        }),
      );
    });
  });
  const first = demo.rounds[0]!;
  if (demo.defect && demo.rounds.length > 1 && first.failed.length) {
    changes.push(
      ...writes('conformance_defects', newId(), dossierId, {
        dossier_id: dossierId,
        number: 1,
        case_id: caseOf(first.failed[0]!),
        severity: 'major',
        description: 'Responses omit the assigning authority of the PHN; the partner’s parser drops them.',
        status: 'verified',
        found_round_id: roundIds[0]!,
        verified_round_id: roundIds.at(-1)!,
        created_at: at(first.endedOn ?? first.startedOn),
      }),
    );
  }
  const last = demo.rounds.at(-1)!;
  store.write(last.reviewer ?? last.partnerTester, changes, { at: at(last.endedOn ?? last.startedOn) });
  if (!demo.approver) return;
  const reference = (store.prepare('SELECT reference FROM dossiers WHERE id = ?').get(dossierId) as { reference: string }).reference;
  const defects = readDefects(store, dossierId);
  const rounds = readRounds(store, dossierId, plan, defects);
  const round = rounds.at(-1)!;
  const summary = roundSummary({ dossier: { id: dossierId, reference }, catalogue, round, rounds, plan, defects });
  const { signer, on } = demo.approver;
  const signedAt = at(on, 21);
  const hash = summarySha256(summary);
  const signature = signStatement(signer.privateKey, {
    decision: 'approved',
    comment: '',
    dossierId,
    roundId: round.id,
    signedAt,
    signer: { keyId: signer.keyId, name: signer.name, role: signer.role },
    summarySha256: hash,
  });
  store.write(
    signer.name,
    writes('conformance_approvals', newId(), dossierId, {
      dossier_id: dossierId,
      round_id: round.id,
      decision: 'approved',
      comment: '',
      signed_at: signedAt,
      signer_key_id: signer.keyId,
      signer_name: signer.name,
      signer_role: signer.role,
      public_key: signer.publicKey,
      summary_sha256: hash,
      summary_json: summaryText(summary),
      signature,
    }),
    { at: signedAt },
  );
}

/**
 * An exported approval package (version 1) and the decisions recorded from it. The demo holds no
 * package file: the row names the file it would be, and its manifest hash is that of a statement
 * saying so, so nothing pretends to verify a file that does not exist.
 */
export function writeDemoPackage(
  store: Store,
  demo: { dossierId: string; reference: string; exportedOn: string; lead: string; decisions: readonly { signer: DemoSigner; on: string }[] },
): void {
  const { dossierId } = demo;
  const lastDay = demo.decisions.map((d) => d.on).reduce((a, b) => (a > b ? a : b), demo.exportedOn);
  const manifest = sha256Hex(canonicalJson({ demo: 'no package file: approval package of demo data', dossier_id: dossierId, package_version: 1 }));
  store.write(
    demo.lead,
    writes('packages', newId(), dossierId, {
      dossier_id: dossierId,
      version: 1,
      created_at: at(demo.exportedOn, 18),
      created_by: demo.lead,
      manifest_sha256: manifest,
      file_name: `${demo.reference}-approval-package-v1.zip`,
      content_fingerprint: sha256Hex(`${dossierId}/demo/1`),
    }),
    { at: at(demo.exportedOn, 18) },
  );
  // The decisions come back in the signed package, imported once the last of them is in.
  const changes: Change[] = [];
  for (const { signer, on } of demo.decisions) {
    changes.push(
      ...writes('package_approvals', approvalRowId(dossierId, 1, signer.keyId), dossierId, {
        dossier_id: dossierId,
        package_version: 1,
        manifest_sha256: manifest,
        key_id: signer.keyId,
        signer_name: signer.name,
        signer_role: signer.role,
        decision: 'approved',
        comment: '',
        signed_at: at(on, 20),
        recorded_at: at(lastDay, 22),
        recorded_by: demo.lead,
      }),
    );
  }
  if (changes.length) store.write(demo.lead, changes, { at: at(lastDay, 22) });
}

/** The gap fields of a risk acceptance signed by the manager, as `gap set --status risk_accepted` writes them. */
export function demoRiskAcceptance(
  signer: DemoSigner,
  gap: { dossierId: string; id: string; question_id: string; description: string; likelihood: number; impact: number; rating: RiskLevel | null },
  acceptedOn: string,
  expires: string,
): Record<string, StoredValue> {
  const acceptedAt = at(acceptedOn, 19);
  const justification = 'Compensating control: access to the PCR integration is limited to two named accounts, reviewed monthly, until the partner’s new identity platform is in place.';
  const conditions = 'Monthly access review reports sent to Health Registries; remediation complete before the expiry.';
  const signature = signAcceptance(signer.privateKey, {
    dossierId: gap.dossierId,
    gap,
    rating: gap.rating,
    justification,
    conditions,
    expires,
    acceptedAt,
    acceptor: { keyId: signer.keyId, name: signer.name, role: signer.role },
  });
  return {
    status: 'risk_accepted',
    accepted_by: signer.name,
    accepted_role: signer.role,
    accepted_date: acceptedOn,
    acceptance_justification: justification,
    acceptance_conditions: conditions,
    acceptance_expires: expires,
    accepted_at: acceptedAt,
    acceptance_key_id: signer.keyId,
    acceptance_public_key: signer.publicKey,
    acceptance_signature: signature,
    closed_at: acceptedOn,
  };
}
