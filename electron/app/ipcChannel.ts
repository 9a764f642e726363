/** The one IPC channel between the window and the main process (kept apart so the preload bundles nothing else). */
export const WORKBENCH_CALL_CHANNEL = 'workbench:call';
/** Reminders (issue #13): the window asks the main process to show a desktop notification. */
export const WORKBENCH_NOTIFY_CHANNEL = 'workbench:notify';
