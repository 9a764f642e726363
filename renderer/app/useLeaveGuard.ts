import { useEffect, useId } from 'react';
import { useNavigation } from './navigation';

/** While `question` is set, leaving the screen (or closing the window) asks the user first. */
export function useLeaveGuard(question: string | null): void {
  const { setLeaveGuard } = useNavigation();
  const key = useId();
  useEffect(() => {
    setLeaveGuard(key, question ? () => question : null);
    return () => setLeaveGuard(key, null);
  }, [key, question, setLeaveGuard]);
}
