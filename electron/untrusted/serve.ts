/**
 * The worker side: answers task requests with the named function of a task table, one at a time,
 * and reports every failure as data (the engine turns it into a refusal).
 */
import { parentPort } from 'node:worker_threads';
import { crossError, type TaskRequest, type WorkerMessage } from './protocol';

// Tasks take their own input type; the table is looked up by name at run time.
export type TaskTable = Record<string, (input: any) => unknown>;

export function serveTasks(tasks: TaskTable): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread only');
  const send = (message: WorkerMessage) => port.postMessage(message);
  port.on('message', async (request: TaskRequest) => {
    try {
      const task = Object.hasOwn(tasks, request.task) ? tasks[request.task] : undefined;
      if (!task) throw new Error(`unknown task ${JSON.stringify(request.task)}`);
      send({ type: 'result', id: request.id, ok: true, value: await task(request.input) });
    } catch (error) {
      send({ type: 'result', id: request.id, ok: false, error: crossError(error) });
    }
  });
  send({ type: 'ready' });
}
