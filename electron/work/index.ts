export { WorkProviders, type WorkItemProvider, type WorkQuery, type ProvidedItem } from './providers';
export { activityProvider } from './activityProvider';
export { ownedGapsProvider, overdueRemediationProvider, REMEDIATION_FOLLOW_UP_ROLE } from './gapProviders';
export { collectWork, countWork, listWork, profileRole, workQuery, type WorkContext } from './service';
export { readWorkSettings, updateWorkSettings, DEFAULT_WORK_SETTINGS } from './settings';
export { workHandlers, defaultWorkProviders } from './handlers';
export { calendarEvents, exportCalendar, toICalendar, type CalendarEvent } from './calendar';
export { takeReminders } from './reminders';
