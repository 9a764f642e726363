/**
 * Whose "My work" the window shows: the profile's role, or another one picked on the screen (kept
 * for this device in localStorage, so the navigation count and the screen agree).
 */
import { useCallback, useEffect, useState } from 'react';
import { WORK_ROLE_KEYS, type WorkRole } from '../../shared/api/workOps';

const KEY = 'pcr.work.role';
const EVENT = 'pcr-work-role';

function savedRole(): WorkRole | null {
  const value = window.localStorage.getItem(KEY);
  return (WORK_ROLE_KEYS as readonly string[]).includes(value ?? '') ? (value as WorkRole) : null;
}

/** The picked role (null: the profile's), and a setter every user of the hook hears. */
export function useWorkRole(): [WorkRole | null, (role: WorkRole | null) => void] {
  const [role, setRoleState] = useState<WorkRole | null>(savedRole);
  useEffect(() => {
    const changed = () => setRoleState(savedRole());
    window.addEventListener(EVENT, changed);
    return () => window.removeEventListener(EVENT, changed);
  }, []);
  const setRole = useCallback((next: WorkRole | null) => {
    if (next) window.localStorage.setItem(KEY, next);
    else window.localStorage.removeItem(KEY);
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [role, setRole];
}
