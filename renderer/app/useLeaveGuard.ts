import { useEffect } from 'react';
import { useNavigation } from './navigation';

/** While `question` is set, leaving the screen (or closing the window) asks the user first. */
export function useLeaveGuard(question: string | null): void {
  const { setLeaveGuard } = useNavigation();
  useEffect(() => {
    setLeaveGuard(question ? () => question : null);
    return () => setLeaveGuard(null);
  }, [question, setLeaveGuard]);
}
