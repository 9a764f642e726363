/** An approver's decision on a package and the comment that goes with it, signed with their key. */
import { useState, type ReactNode } from 'react';
import { Button, Radio, RadioGroup, TextArea } from '@bcgov/design-system-react-components';
import type { Decision } from './documentsApi';
import { DECISIONS } from './kinds';

export interface SignInput {
  decision: Decision;
  comment: string;
}

interface SignFormProps {
  /** What is about to be signed, in words. */
  subject: ReactNode;
  busy: boolean;
  canSign: boolean;
  /** Shown instead of the sign button when the user has no key yet. */
  noKey?: ReactNode;
  onSign(input: SignInput): void;
  onCancel(): void;
  secondary?: ReactNode;
}

const MAX_COMMENT = 2000;

export function SignForm({ subject, busy, canSign, noKey, onSign, onCancel, secondary }: SignFormProps) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);

  const trimmed = comment.normalize('NFC').trim();
  const decisionProblem = decision === null ? 'Choose a decision.' : undefined;
  const commentProblem =
    decision === 'approved_with_conditions' && trimmed === ''
      ? 'Write the conditions of the approval.'
      : decision === 'rejected' && trimmed === ''
        ? 'Say why the package is rejected.'
        : trimmed.length > MAX_COMMENT
          ? `Keep the comment under ${MAX_COMMENT} characters.`
          : undefined;

  const submit = () => {
    setTried(true);
    if (decisionProblem || commentProblem || decision === null) return;
    onSign({ decision, comment: trimmed });
  };

  return (
    <form
      className="sign-form"
      aria-label="Sign the package"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="sign-form__subject">{subject}</div>
      <RadioGroup
        label="Your decision"
        value={decision}
        onChange={(value) => setDecision(value as Decision)}
        orientation="vertical"
        isInvalid={tried && decisionProblem !== undefined}
        errorMessage={tried ? decisionProblem : undefined}
        validationBehavior="aria"
        isDisabled={busy}
      >
        {DECISIONS.map((d) => (
          <Radio key={d.id} value={d.id}>
            <span className={`decision decision--${d.id}`}>{d.label}</span>
            <span className="sign-form__hint"> — {d.description}</span>
          </Radio>
        ))}
      </RadioGroup>
      <TextArea
        label="Comment"
        description={decision === 'approved_with_conditions' ? 'The conditions; signed with your decision.' : 'Signed with your decision; anyone verifying the package reads it.'}
        value={comment}
        onChange={setComment}
        isInvalid={tried && commentProblem !== undefined}
        errorMessage={tried ? commentProblem : undefined}
        validationBehavior="aria"
        isDisabled={busy}
      />
      <div className="sign-form__actions">
        {canSign ? (
          <Button type="submit" size="small" variant="primary" isDisabled={busy}>
            Sign and save
          </Button>
        ) : (
          noKey
        )}
        {secondary}
        <Button size="small" variant="tertiary" isDisabled={busy} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
