import { useEffect, useState } from 'react';
import type { WorkCounts } from '../../shared/api/workOps';
import { api } from '../api/bridge';
import { useNavigation } from '../app/navigation';
import { today } from '../format/dates';
import { StatusBadge } from '../ui/StatusBadge';
import { useWorkRole } from './useWorkRole';

/** "My work" in the navigation with its counts: overdue (red) and due this week; read again on every move. */
export function WorkNavLabel() {
  const { route } = useNavigation();
  const [role] = useWorkRole();
  const [counts, setCounts] = useState<WorkCounts | null>(null);
  useEffect(() => {
    let current = true;
    api.call('work.list', { ...(role ? { role } : {}), today: today(), limit: 0 }).then(
      (result) => current && setCounts(result.counts),
      () => current && setCounts(null),
    );
    return () => {
      current = false;
    };
  }, [route, role]);
  return (
    <>
      My work
      {counts && counts.overdue > 0 && (
        <>
          {' '}
          <StatusBadge tone="danger" count className="work-count" data-bucket="overdue">
            {counts.overdue}
            <span className="visually-hidden"> overdue</span>
          </StatusBadge>
        </>
      )}
      {counts && counts.this_week > 0 && (
        <>
          {' '}
          <StatusBadge tone="neutral" count className="work-count" data-bucket="this_week">
            {counts.this_week}
            <span className="visually-hidden"> due this week</span>
          </StatusBadge>
        </>
      )}
    </>
  );
}
