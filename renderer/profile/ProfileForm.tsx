/**
 * Who you are: name, participant role, organization, e-mail. Shown on first start (before anything
 * else) and under Your profile. What you enter is the name on every change you make, the
 * "Prepared by" of your documents and the identity of your signing key.
 */
import { useState } from 'react';
import { Button, Select, TextField } from '@bcgov/design-system-react-components';
import type { OperationOutput } from '../../shared/api/contract';
import { profileInputSchema } from '../../shared/api/profileOps';
import { PARTICIPANT_ROLES, roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { Alert } from '../ui/Alert';
import { useTask } from '../ui/useTask';

export type Profile = NonNullable<OperationOutput<'profile.get'>['profile']>;

const ROLE_ITEMS = [...PARTICIPANT_ROLES.map((r) => r.key), 'connected_partner' as const].map((r) => ({ id: r, label: roleLabel(r) }));

/** The contract's own rules, so the form says what the engine would. */
function problemsOf(input: { name: string; role: ParticipantRole | null; organization: string; email: string }): Record<string, string> {
  const parsed = profileInputSchema.safeParse({ ...input, role: input.role ?? undefined });
  const problems: Record<string, string> = {};
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name');
    problems[field] ??= field === 'role' ? 'Choose the role you hold in PCR onboarding.' : issue.message[0]!.toUpperCase() + issue.message.slice(1) + '.';
  }
  return problems;
}

export function ProfileForm({ profile, submitLabel, onSaved }: { profile: Profile | null; submitLabel: string; onSaved(profile: Profile): void }) {
  const [name, setName] = useState(profile?.name ?? '');
  const [role, setRole] = useState<ParticipantRole | null>(profile?.role ?? null);
  const [organization, setOrganization] = useState(profile?.organization ?? '');
  const [email, setEmail] = useState(profile?.email ?? '');
  const [tried, setTried] = useState(false);
  const task = useTask<'save'>();
  const problems = problemsOf({ name, role, organization, email });

  const save = () => {
    setTried(true);
    if (Object.keys(problems).length > 0 || role === null) return;
    void task.run('save', async () => {
      const saved = await api.call('profile.set', { name, role, organization, email });
      onSaved(saved);
    });
  };
  const shown = (field: string) => (tried ? problems[field] : undefined);

  return (
    <form
      className="profile-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <TextField label="Your name" value={name} onChange={setName} isRequired isInvalid={shown('name') !== undefined} errorMessage={shown('name')} validationBehavior="aria" />
      <Select
        label="Your role"
        items={ROLE_ITEMS}
        selectedKey={role}
        onSelectionChange={(key) => key !== null && setRole(key as ParticipantRole)}
        isRequired
        isInvalid={shown('role') !== undefined}
        errorMessage={shown('role')}
        validationBehavior="aria"
      />
      <TextField label="Organization" value={organization} onChange={setOrganization} isInvalid={shown('organization') !== undefined} errorMessage={shown('organization')} validationBehavior="aria" />
      <TextField label="E-mail" type="email" value={email} onChange={setEmail} isInvalid={shown('email') !== undefined} errorMessage={shown('email')} validationBehavior="aria" />
      <div className="profile-form__actions">
        <Button type="submit" variant="primary" isDisabled={task.running !== null}>
          {submitLabel}
        </Button>
      </div>
      {task.error && (
        <Alert variant="danger" role="alert" title="Your profile was not saved">
          {task.error}
        </Alert>
      )}
    </form>
  );
}
