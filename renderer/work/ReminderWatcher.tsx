import { useEffect } from 'react';
import { api } from '../api/bridge';
import { today } from '../format/dates';
import { notificationPermission, raiseReminders } from './reminders';
import { useWorkRole } from './useWorkRole';

/** How often the open window looks for newly due work (the first look is at start). */
const INTERVAL_MS = 30 * 60 * 1000;

/** Invisible: on opening and every half hour, raises the reminders the engine hands out. */
export function ReminderWatcher() {
  const [role] = useWorkRole();
  useEffect(() => {
    const permission = notificationPermission();
    // Without a way to show them the engine is not asked, so nothing is marked as reminded.
    if (permission !== 'desktop' && permission !== 'granted') return;
    let stopped = false;
    const look = () =>
      api.call('reminders.take', { ...(role ? { role } : {}), today: today() }).then(
        (taken) => (stopped ? undefined : raiseReminders(taken)),
        () => undefined,
      );
    void look();
    const timer = window.setInterval(look, INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [role]);
  return null;
}
