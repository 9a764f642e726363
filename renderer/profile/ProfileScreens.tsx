/** The first-start screen that asks who you are, and the Your profile page with its history. */
import { useState } from 'react';
import type { OperationOutput } from '../../shared/api/contract';
import { roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { formatDateTime } from '../format/dates';
import { Alert, Card, DataTable, InlineError, Loading, type DataColumn } from '../ui/index';
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
          <Card title="Who you are" className="profile-screen__card">
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
          </Card>
          <div role="status" className="profile-screen__notice">
            {notice && <Alert variant="success">{notice}</Alert>}
          </div>
          <ProfileHistory changes={query.data.changes} />
        </>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = { name: 'Name', role: 'Role', organization: 'Organization', email: 'E-mail' };
const shownValue = (field: string, value: string | null) => (value === null ? '—' : field === 'role' ? roleLabel(value as Profile['role']) : value);

type ProfileChange = ProfileView['changes'][number] & { key: string };

const HISTORY_COLUMNS: DataColumn<ProfileChange>[] = [
  { id: 'when', header: 'When', cell: (c) => formatDateTime(c.at), nowrap: true },
  { id: 'by', header: 'By', cell: (c) => c.changed_by },
  { id: 'what', header: 'What', cell: (c) => FIELD_LABELS[c.field] ?? c.field },
  { id: 'before', header: 'Before', cell: (c) => shownValue(c.field, c.old_value) },
  { id: 'after', header: 'After', cell: (c) => shownValue(c.field, c.new_value) },
];

function ProfileHistory({ changes }: { changes: ProfileView['changes'] }) {
  if (changes.length === 0) return null;
  const rows = changes.map((c, i) => ({ ...c, key: `${c.at}-${c.field}-${i}` }));
  return (
    <Card title="Changes to your profile" flush className="profile-history">
      <DataTable columns={HISTORY_COLUMNS} rows={rows} rowKey={(c) => c.key} />
    </Card>
  );
}
