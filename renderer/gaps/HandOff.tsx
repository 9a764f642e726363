/**
 * The questionnaire hand-off: CIS provides the gap analysis to the partner after the kick-off,
 * and partner answers wait for it. Shows when it was provided, or records it (dated, after the
 * kick-off, not in the future; the engine refuses otherwise and says why).
 */
import { useState } from 'react';
import { Button, TextField } from '@bcgov/design-system-react-components';
import { localIsoDate } from '../../shared/dates';
import { isIsoDate } from '../../shared/dossier/values';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { formatDate } from '../format/dates';
import { Alert } from '../ui/Alert';

interface HandOffProps {
  dossierId: string;
  providedOn: string | null;
  onRecorded(): void;
}

export function HandOff({ dossierId, providedOn, onRecorded }: HandOffProps) {
  const [date, setDate] = useState(() => localIsoDate());
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; reasons: string[] } | null>(null);
  if (providedOn) return <p className="gap-analysis__handoff">Provided to the partner on {formatDate(providedOn)}.</p>;

  const record = async () => {
    if (!isIsoDate(date)) {
      setRefusal({ message: `“${date}” is not a date as YYYY-MM-DD.`, reasons: [] });
      return;
    }
    setSaving(true);
    try {
      await api.call('questionnaire.provide', { id: dossierId, date });
      setRefusal(null);
      onRecorded();
    } catch (error) {
      setRefusal({ message: errorMessage(error), reasons: apiErrorOf(error)?.details?.reasons ?? [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Alert
      variant="info"
      title="Not yet provided to the partner"
      actions={
        <div className="gap-analysis__handoff-form">
          <TextField size="small" label="Provided on (YYYY-MM-DD)" value={date} onChange={setDate} />
          <Button size="small" variant="primary" isDisabled={saving} onPress={() => void record()}>
            {saving ? 'Recording…' : 'Record as provided'}
          </Button>
        </div>
      }
    >
      CIS provides the questionnaire to the partner after the kick-off; partner answers and evidence are recorded once that hand-off is.
      {refusal && (
        <div className="gap-analysis__error" role="alert">
          Not recorded: {refusal.message}
          {refusal.reasons.length > 0 && (
            <ul>
              {refusal.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Alert>
  );
}
