/** The worker thread's entry: serves the untrusted parse tasks (bundled as untrusted-worker.cjs). */
import { serveTasks } from './serve';
import { untrustedTasks } from './tasks';

serveTasks(untrustedTasks);
