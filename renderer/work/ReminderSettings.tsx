/** Settings › Reminders: on or off, how many days "due soon" is, and (in a browser) the permission to notify. */
import { useEffect, useState } from 'react';
import { Button, Checkbox, TextField } from '@bcgov/design-system-react-components';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { Card } from '../ui/Card';
import { askNotificationPermission, notificationPermission, type NotificationPermissionState } from './reminders';

const PERMISSION_WORDS: Record<NotificationPermissionState, string> = {
  desktop: 'Reminders appear as desktop notifications.',
  granted: 'This browser may show the reminders as notifications.',
  default: 'This browser has not been allowed to show notifications yet.',
  denied: 'This browser blocks notifications from the workbench; allow them in its site settings to get reminders.',
  unsupported: 'This browser cannot show notifications.',
};

export function ReminderSettings() {
  const settings = useApiQuery(() => api.call('work.settings.get', {}), []);
  const [days, setDays] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.reminders.due_soon_days));
  }, [settings.data]);
  const save = async (change: { enabled?: boolean; due_soon_days?: number }) => {
    try {
      await api.call('work.settings.set', { reminders: change });
      setMessage('Saved.');
      settings.reload();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };
  const data = settings.data;
  return (
    <Card title="Reminders" className="reminder-settings">
      <p>Work of yours that is overdue or due soon raises a notification once a day per item, with a digest the first time the workbench opens each day. These settings stay on this device.</p>
      {data && (
        <>
          <Checkbox isSelected={data.reminders.enabled} onChange={(enabled) => void save({ enabled })}>
            Remind me of due and overdue work
          </Checkbox>
          <div className="reminder-settings__days">
            <TextField label="“Due soon” means within (days)" value={days} onChange={setDays} inputMode="numeric" />
            <Button
              variant="secondary"
              onPress={() => {
                const n = Number(days);
                if (!Number.isInteger(n) || n < 0 || n > 60) setMessage('Give a whole number of days from 0 to 60.');
                else void save({ due_soon_days: n });
              }}
            >
              Save reminder days
            </Button>
          </div>
        </>
      )}
      <p className="muted">{PERMISSION_WORDS[permission]}</p>
      {permission === 'default' && (
        <Button variant="secondary" onPress={() => void askNotificationPermission().then(setPermission)}>
          Allow notifications
        </Button>
      )}
      <p role="status" className="muted">
        {message ?? settings.error ?? ''}
      </p>
    </Card>
  );
}
