/**
 * Reminders: items of "my work" that are overdue or due within the settings' "due soon" days,
 * each handed out once per day, and a digest on the first call of the day. What was handed out
 * is device-local (the store's meta table, never synced): another laptop reminds its own user.
 */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { WorkItem } from '../../shared/api/workOps';
import { addDays } from '../../shared/work/queue';
import { collectWork, workQuery, type WorkContext } from './service';
import { readWorkSettings } from './settings';

const NOTIFIED = 'reminders.notified';
const DIGEST_DAY = 'reminders.digest_day';

function notifiedToday(ctx: WorkContext, today: string): Set<string> {
  try {
    const saved = JSON.parse(ctx.store.meta(NOTIFIED) ?? 'null') as { day: string; ids: string[] } | null;
    return new Set(saved?.day === today ? saved.ids : []);
  } catch {
    return new Set();
  }
}

export function takeReminders(ctx: WorkContext, input: OperationArgs<'reminders.take'>): OperationOutput<'reminders.take'> {
  const settings = readWorkSettings(ctx.store).reminders;
  const query = workQuery(ctx, input);
  const today = query.today;
  if (!settings.enabled) return { today, enabled: false, digest: null, notify: [] };
  const soonUntil = addDays(today, settings.due_soon_days);
  const due = collectWork(ctx.providers, query).filter((item): item is WorkItem & { due_date: string } => item.due_date !== null && item.due_date <= soonUntil);
  return ctx.store.transaction(() => {
    const seen = notifiedToday(ctx, today);
    const notify = due.filter((item) => !seen.has(item.id));
    for (const item of notify) seen.add(item.id);
    ctx.store.setMeta(NOTIFIED, JSON.stringify({ day: today, ids: [...seen] }));
    let digest = null;
    if (ctx.store.meta(DIGEST_DAY) !== today) {
      ctx.store.setMeta(DIGEST_DAY, today);
      digest = { overdue: due.filter((i) => i.due_date < today).length, due_soon: due.filter((i) => i.due_date >= today).length, due_soon_days: settings.due_soon_days };
    }
    return { today, enabled: true, digest, notify };
  });
}
