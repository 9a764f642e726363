/** The one IPC channel between the window and the main process (kept apart so the preload bundles nothing else). */
export const WORKBENCH_CALL_CHANNEL = 'workbench:call';
