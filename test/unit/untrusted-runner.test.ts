/**
 * The untrusted-file worker: a task that hangs, explodes its memory, overflows its stack, throws or
 * kills its thread ends as a typed refusal naming the file, the engine process lives on, and the
 * next task runs in a fresh worker. The tasks misbehave for real (test/fixtures/untrusted).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared/api/errors';
import { UNTRUSTED_LIMITS, UntrustedRunner, sourceEntry } from '../../electron/untrusted/index';

const entry = () => sourceEntry(path.resolve(import.meta.dirname, '../fixtures/untrusted/selftest-worker.ts'));
// A small heap makes the memory case quick; the deadline is generous for a loaded machine except
// where the test is about the deadline.
const runner = new UntrustedRunner(entry, { ...UNTRUSTED_LIMITS, memoryMb: 64 });
afterAll(() => runner.close());

async function refusal(task: string, deadlineMs?: number): Promise<WorkbenchError> {
  const error = await runner.run(task, {}, { subject: '"hostile.pdf"', ...(deadlineMs ? { deadlineMs } : {}) }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  return error as WorkbenchError;
}

const echo = () => runner.run('echo', { bytes: new Uint8Array(5), note: 'ʔaq̓am' }, { subject: '"ok.pdf"' });

describe('untrusted-file runner', () => {
  it('runs a task and returns structured data', async () => {
    expect(await echo()).toEqual({ length: 5, note: 'ʔaq̓am', map: new Map([['a', 1]]) });
  });

  it('passes a typed refusal through unchanged', async () => {
    const error = await refusal('refuse');
    expect(error.toApiError()).toEqual({ code: 'validation', message: 'The file is not a form.', details: { problems: [{ field: 'file', message: 'not a form' }] } });
  });

  it('stops a task that never ends at its deadline', async () => {
    const error = await refusal('hang', 1_500);
    expect(error.code).toBe('validation');
    expect(error.message).toBe('The file "hostile.pdf" could not be read safely: reading it took longer than 1.5 s, so it was stopped. Nothing was imported or changed.');
    expect(await echo()).toMatchObject({ length: 5 });
  });

  it('stops a task that eats memory at the ceiling', async () => {
    const error = await refusal('allocate');
    expect(error.message).toMatch(/^The file "hostile.pdf" could not be read safely: reading it needed more than 64 MB of memory/);
    expect(await echo()).toMatchObject({ length: 5 });
  });

  it('turns a stack overflow, a TypeError, an exit and a late exception into refusals', async () => {
    expect((await refusal('recurse')).message).toMatch(/could not be read safely: its structure is nested or linked too deeply/);
    expect((await refusal('typeError')).message).toMatch(/could not be read safely: its structure is damaged .*\(TypeError: /);
    expect((await refusal('exit')).message).toMatch(/could not be read safely: the reader stopped \(exit code 3\)/);
    expect((await refusal('asyncThrow')).message).toMatch(/could not be read safely: .*thrown later/);
    expect((await refusal('nope')).message).toMatch(/unknown task "nope"/);
    expect(await echo()).toMatchObject({ length: 5 });
  });

  it('runs queued tasks one after another, a failure ending only its own', async () => {
    const results = await Promise.allSettled([echo(), runner.run('typeError', {}, { subject: '"a"' }), echo()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('a worker that cannot start is an internal error, not the file’s fault', async () => {
    const broken = new UntrustedRunner(() => ({ file: path.resolve(import.meta.dirname, '../fixtures/untrusted/missing-worker.ts'), execArgv: [] }));
    const error = await broken.run('echo', {}, { subject: '"a"' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringMatching(/safe file reader (could not be prepared|could not start|stopped while starting)/) });
    await broken.close();
  });
});
