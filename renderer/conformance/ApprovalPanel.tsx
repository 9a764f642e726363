/** The CIS interface approval: decisions recorded on rounds with their verification, and recording one (CIS role, signing key). */
import { useState } from 'react';
import { APPROVAL_DECISIONS, APPROVAL_DECISION_LABELS, type ApprovalDecision, type ConformanceView } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import type { ConformanceStore } from './useConformance';
import { Card, Field } from '../ui';

const STATUS_TEXT = {
  valid: 'Signature valid; the round is as approved',
  changed: 'No longer stands',
  bad_signature: 'Signature not valid',
  unknown_signer: 'Signer not trusted on this device',
} as const;

export function ApprovalPanel({ view, store }: { view: ConformanceView; store: ConformanceStore }) {
  const [decision, setDecision] = useState<ApprovalDecision>('approved');
  const [comment, setComment] = useState('');
  const round = view.rounds.at(-1);
  return (
    <Card level={3} headingId="approval-heading" className="conformance-approval" title="CIS interface approval">
      {view.approvals.length === 0 ? (
        <p className="muted">No decision recorded.</p>
      ) : (
        <ul className="conformance-approval__list">
          {view.approvals.map((a) => (
            <li key={a.id} className={a.stands ? 'approval approval--stands' : 'approval approval--void'}>
              <strong>
                Round {a.round_number ?? '?'}: {APPROVAL_DECISION_LABELS[a.decision]}
              </strong>{' '}
              by {a.signer.name} (key {a.signer.key_id.slice(0, 8)}…) on {a.signed_at.slice(0, 10)}
              {a.comment ? ` — ${a.comment}` : ''}
              <br />
              <span className={a.status === 'valid' ? 'muted' : 'conformance-error'}>
                {STATUS_TEXT[a.status]}
                {a.detail ? `: ${a.detail}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {round && (
        <form
          className="conformance-approval__form"
          onSubmit={(e) => {
            e.preventDefault();
            void store.run(() => api.call('conformance.approve', { id: view.dossier_id, round: round.number, decision, comment: comment.trim() || null }));
          }}
        >
          <fieldset>
            <legend>Decision on round {round.number} (signed with your key; CIS only)</legend>
            {APPROVAL_DECISIONS.map((d) => (
              <label key={d} className="radio">
                <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {APPROVAL_DECISION_LABELS[d]}
              </label>
            ))}
          </fieldset>
          <Field label={decision === 'rejected' ? 'Reasons (required)' : decision === 'approved_with_conditions' ? 'Conditions (required)' : 'Comment'}>
            {(control) => (
              <textarea {...control} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="status-button status-button--passed" disabled={store.busy}>
            Sign and record the decision
          </button>
        </form>
      )}
    </Card>
  );
}
