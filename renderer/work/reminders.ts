/**
 * Raising reminders as desktop notifications: the desktop app's own (through the bridge), or the
 * browser's Notification API once the user has allowed it. The engine decides what is due and
 * keeps "once per item per day"; this only shows what it hands out.
 */
import type { OperationOutput } from '../../shared/api/contract';
import { plural } from '../format/numbers';

/** Beyond this many items at once, one notification sums up the rest. */
const MAX_SEPARATE = 4;

export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported' | 'desktop';

export function notificationPermission(): NotificationPermissionState {
  if (window.workbench?.notify) return 'desktop';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks the browser (from a click: browsers only ask on a user's gesture). */
export async function askNotificationPermission(): Promise<NotificationPermissionState> {
  if (window.workbench?.notify) return 'desktop';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

async function show(title: string, body: string, tag: string): Promise<void> {
  const bridge = window.workbench;
  if (bridge?.notify) {
    await bridge.notify({ title, body });
    return;
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body, tag });
}

export function reminderMessages(taken: OperationOutput<'reminders.take'>): { title: string; body: string; tag: string }[] {
  const messages: { title: string; body: string; tag: string }[] = [];
  if (taken.digest && taken.digest.overdue + taken.digest.due_soon > 0) {
    const parts = [taken.digest.overdue ? `${plural(taken.digest.overdue, 'item')} overdue` : null, taken.digest.due_soon ? `${taken.digest.due_soon} due within ${plural(taken.digest.due_soon_days, 'day')}` : null].filter(Boolean);
    messages.push({ title: 'Your work today', body: `${parts.join(', ')}. Open "My work" to see them.`, tag: `digest-${taken.today}` });
  }
  const items = taken.notify;
  for (const item of items.slice(0, items.length > MAX_SEPARATE ? MAX_SEPARATE - 1 : MAX_SEPARATE)) {
    const when = item.due_date! < taken.today ? `overdue since ${item.due_date}` : item.due_date === taken.today ? 'due today' : `due ${item.due_date}`;
    messages.push({ title: `${item.title} — ${when}`, body: `${item.organization ?? 'Unnamed organization'} (${item.reference})`, tag: item.id });
  }
  if (items.length > MAX_SEPARATE) messages.push({ title: `${items.length - (MAX_SEPARATE - 1)} more items are due`, body: 'Open "My work" to see them.', tag: `more-${taken.today}` });
  return messages;
}

export async function raiseReminders(taken: OperationOutput<'reminders.take'>): Promise<number> {
  const messages = reminderMessages(taken);
  for (const message of messages) await show(message.title, message.body, message.tag);
  return messages.length;
}
