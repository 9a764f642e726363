import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errors';

/** A failure found in the window itself, whose message is meant for the user as it is. */
export class Refusal extends Error {}

export interface Task<K extends string> {
  /** What is running now, or null. */
  running: K | null;
  error: string | null;
  run(key: K, work: () => Promise<void>): Promise<boolean>;
  clearError(): void;
}

/** One piece of work at a time for a part of the screen, with its failure kept as a message. */
export function useTask<K extends string>(): Task<K> {
  const [running, setRunning] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (key: K, work: () => Promise<void>) => {
    if (busy.current) return false;
    busy.current = true;
    setRunning(key);
    setError(null);
    try {
      await work();
      return true;
    } catch (failure) {
      if (mounted.current) setError(failure instanceof Refusal ? failure.message : errorMessage(failure));
      return false;
    } finally {
      busy.current = false;
      if (mounted.current) setRunning(null);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { running, error, run, clearError };
}
