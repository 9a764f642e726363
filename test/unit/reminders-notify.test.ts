import { describe, expect, it } from 'vitest';
import { createNotifyHandler, type DesktopNotification } from '../../electron/app/notifications';
import { reminderMessages } from '../../renderer/work/reminders';
import type { WorkItem } from '../../shared/api/workOps';

const APP_FRAME = { url: 'app://workbench/index.html', parent: null };

describe('the desktop app’s notification handler', () => {
  const shown: DesktopNotification[] = [];
  const handler = createNotifyHandler({ trustedWebContentsId: () => 7, show: (n) => (shown.push(n), true), log: () => undefined });

  it('shows a notification the workbench window sends, and refuses another sender or a malformed one', () => {
    expect(handler({ sender: { id: 7 }, senderFrame: APP_FRAME }, { title: 'Go-live — due today', body: 'Fraser Health (PCR-2026-0001)' })).toEqual({ ok: true, value: true });
    expect(shown).toEqual([{ title: 'Go-live — due today', body: 'Fraser Health (PCR-2026-0001)' }]);
    expect(handler({ sender: { id: 8 }, senderFrame: APP_FRAME }, { title: 'x', body: '' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handler({ sender: { id: 7 }, senderFrame: APP_FRAME }, { title: '', body: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(shown).toHaveLength(1);
  });
});

describe('reminder messages', () => {
  const item = (n: number, due: string): WorkItem => ({
    id: `activity:${n}`,
    kind: 'activity',
    kind_label: 'Activity',
    dossier_id: `d${n}`,
    reference: `PCR-2026-000${n}`,
    organization: `Partner ${n}`,
    title: 'Conformance testing',
    detail: null,
    due_date: due,
    bucket: 'overdue',
    target: { tab: 'process', focus: 'conformance_testing' },
  });

  it('gives the digest, one message per item, and sums up beyond four', () => {
    const messages = reminderMessages({
      today: '2026-12-07',
      enabled: true,
      digest: { overdue: 2, due_soon: 4, due_soon_days: 3 },
      notify: [item(1, '2026-12-01'), item(2, '2026-12-07'), item(3, '2026-12-09'), item(4, '2026-12-09'), item(5, '2026-12-10'), item(6, '2026-12-01')],
    });
    expect(messages.map((m) => m.title)).toEqual([
      'Your work today',
      'Conformance testing — overdue since 2026-12-01',
      'Conformance testing — due today',
      'Conformance testing — due 2026-12-09',
      '3 more items are due',
    ]);
    expect(messages[0]!.body).toBe('2 items overdue, 4 due within 3 days. Open "My work" to see them.');
    expect(messages[1]!.body).toBe('Partner 1 (PCR-2026-0001)');
  });
});
