/**
 * Desktop notifications for reminders: the window sends a title and a body on their own channel,
 * checked like every call (our window's main frame only), and the main process shows them with
 * Electron's Notification. Clicking one brings the window forward.
 */
import { z } from 'zod';
import type { ApiResult } from '../../shared/api/errors';
import { senderRefusal, type IpcCallEvent } from './ipcGuard';

export const notificationSchema = z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }).strict();
export type DesktopNotification = z.infer<typeof notificationSchema>;

export interface NotifyOptions {
  trustedWebContentsId: () => number | undefined;
  /** Shows it; false when the system has no notifications. */
  show: (notification: DesktopNotification) => boolean;
  log: (line: string) => void;
}

/** The `ipcMain.handle(WORKBENCH_NOTIFY_CHANNEL, ...)` listener: answers whether it was shown. */
export function createNotifyHandler(options: NotifyOptions) {
  return (event: IpcCallEvent, payload: unknown): ApiResult<boolean> => {
    const refusal = senderRefusal(event, options.trustedWebContentsId());
    if (refusal) {
      options.log(`notification refused: ${refusal}`);
      return { ok: false, error: { code: 'forbidden', message: 'This window may not show notifications.' } };
    }
    const parsed = notificationSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: 'A notification needs a title (up to 200 characters) and a body (up to 1,000).' } };
    return { ok: true, value: options.show(parsed.data) };
  };
}
