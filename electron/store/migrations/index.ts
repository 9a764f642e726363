/** Numbered migrations, applied in order, each in its own transaction. Only ever add to this list. */
import { sql as initial } from './0001_initial';
import { sql as questionnaire } from './0002_questionnaire';
import { sql as deploymentPlan } from './0003_deployment_plan';
import { sql as packages } from './0004_packages';
import { sql as sync } from './0005_sync';
import { sql as forms } from './0006_forms';
import { sql as profile } from './0007_profile';
import { sql as workQueue } from './0008_work_queue';
import { sql as leanChangeLog } from './0009_lean_change_log';
import { sql as conformance } from './0010_conformance';
import { sql as syncQuarantine } from './0011_sync_quarantine';
import { sql as approvals } from './0012_approvals';
import { sql as workflowRules } from './0013_workflow_rules';
import { sql as riskAcceptance } from './0014_risk_acceptance';
import { sql as historyOperations } from './0015_history_operations';
import { sql as overdueRemediation } from './0016_overdue_remediation';
import { sql as contentlessSearch } from './0017_contentless_search';
import { sql as workQueueDossiers } from './0018_work_queue_dossiers';
import { sql as logDeviceFromStamp } from './0019_log_device_from_stamp';
import { sql as liveDossierCount } from './0020_live_dossier_count';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'questionnaire', sql: questionnaire },
  { version: 3, name: 'deployment_plan', sql: deploymentPlan },
  { version: 4, name: 'packages', sql: packages },
  { version: 5, name: 'sync', sql: sync },
  { version: 6, name: 'forms', sql: forms },
  { version: 7, name: 'profile', sql: profile },
  { version: 8, name: 'work_queue', sql: workQueue },
  { version: 9, name: 'lean_change_log', sql: leanChangeLog },
  { version: 10, name: 'conformance', sql: conformance },
  { version: 11, name: 'sync_quarantine', sql: syncQuarantine },
  { version: 12, name: 'approvals', sql: approvals },
  { version: 13, name: 'workflow_rules', sql: workflowRules },
  { version: 14, name: 'risk_acceptance', sql: riskAcceptance },
  { version: 15, name: 'history_operations', sql: historyOperations },
  { version: 16, name: 'overdue_remediation', sql: overdueRemediation },
  { version: 17, name: 'contentless_search', sql: contentlessSearch },
  { version: 18, name: 'work_queue_dossiers', sql: workQueueDossiers },
  { version: 19, name: 'log_device_from_stamp', sql: logDeviceFromStamp },
  { version: 20, name: 'live_dossier_count', sql: liveDossierCount },
];
