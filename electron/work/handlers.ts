import type { Handlers } from '../../shared/api/contract';
import type { TemplateLibrary } from '../questionnaire/index';
import type { Store } from '../store/index';
import { activityProvider } from './activityProvider';
import { conformanceReviewProvider } from './conformanceProvider';
import { expiringAcceptanceProvider, ownedGapsProvider, overdueRemediationProvider } from './gapProviders';
import { packageApprovalProvider } from './packageApprovalProvider';
import { WorkProviders } from './providers';
import { listWork, type WorkContext } from './service';
import { readWorkSettings, updateWorkSettings } from './settings';
import { exportCalendar } from './calendar';
import { takeReminders } from './reminders';

/** The providers of the capabilities every workbench has; others register theirs beside these. */
export function defaultWorkProviders(store: Store, templates: TemplateLibrary): WorkProviders {
  const providers = new WorkProviders();
  providers.register(activityProvider(store));
  providers.register(ownedGapsProvider(store, templates));
  providers.register(overdueRemediationProvider(store));
  providers.register(expiringAcceptanceProvider(store));
  providers.register(conformanceReviewProvider(store));
  providers.register(packageApprovalProvider(store));
  return providers;
}

export function workHandlers(ctx: WorkContext): Pick<Handlers, 'work.list' | 'work.settings.get' | 'work.settings.set' | 'calendar.export' | 'reminders.take'> {
  return {
    'work.list': (input) => listWork(ctx, input),
    'work.settings.get': () => readWorkSettings(ctx.store),
    'work.settings.set': (input) => updateWorkSettings(ctx.store, input),
    'calendar.export': (input) => exportCalendar(ctx, input),
    'reminders.take': (input) => takeReminders(ctx, input),
  };
}
