/** The first-start screen that asks who you are, and the Your profile page with its history. */
import { useState } from 'react';
import type { OperationOutput } from '../../shared/api/contract';
import { roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { formatDateTime } from '../format/dates';
import { Loading, InlineError } from '../ui/StatusMessages';
import { ProfileForm, type Profile } from './ProfileForm';
import './profile.css';

export function FirstRunProfile({ onSaved }: { onSaved(profile: Profile): void }) {
  useDocumentTitle('Welcome');
  return (
    <main id="main-content" className="page page--narrow first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to the PCR Onboarding Workbench</h1>
      <p>
        First, tell the workbench who you are. Your name is recorded on every change you make, printed as “Prepared by” on the documents you generate, and
        given to your signing key. It stays on this computer; you can change it later under Your profile.
      </p>
      <ProfileForm profile={null} submitLabel="Save and start" onSaved={onSaved} />
    </main>
  );
}

type ProfileView = OperationOutput<'profile.get'>;

export function ProfileScreen({ onSaved }: { onSaved(profile: Profile): void }) {
  useDocumentTitle('Your profile');
  const query = useApiQuery(() => api.call('profile.get', {}), []);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="page page--narrow profile-screen">
      <h1>Your profile</h1>
      <p className="muted">The name on every change you make, the “Prepared by” of your documents and the identity of your signing key. Every change to it is recorded.</p>
      {query.error && <InlineError title="Your profile could not be read">{query.error}</InlineError>}
      {!query.data && !query.error && <Loading label="Reading your profile…" />}
      {query.data && (
        <>
          <ProfileForm
            key={query.data.profile?.updated_at ?? 'none'}
            profile={query.data.profile}
            submitLabel="Save my profile"
            onSaved={(saved) => {
              setNotice(`Saved. Your changes are now recorded as ${saved.name}, ${roleLabel(saved.role)}.`);
              onSaved(saved);
              query.reload();
            }}
          />
          {notice && (
            <p className="profile-form__notice" role="status">
              {notice}
            </p>
          )}
          <ProfileHistory changes={query.data.changes} />
        </>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = { name: 'Name', role: 'Role', organization: 'Organization', email: 'E-mail' };
const shownValue = (field: string, value: string | null) => (value === null ? '—' : field === 'role' ? roleLabel(value as Profile['role']) : value);

function ProfileHistory({ changes }: { changes: ProfileView['changes'] }) {
  if (changes.length === 0) return null;
  return (
    <section className="profile-history" aria-labelledby="profile-history-title">
      <h2 id="profile-history-title">Changes to your profile</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">By</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={`${c.at}-${c.field}-${i}`}>
              <td>{formatDateTime(c.at)}</td>
              <td>{c.changed_by}</td>
              <td>{FIELD_LABELS[c.field] ?? c.field}</td>
              <td>{shownValue(c.field, c.old_value)}</td>
              <td>{shownValue(c.field, c.new_value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
