import { useOnlineStatus } from './useOnlineStatus';

/** Whether this computer has a network; the team sync's own state is beside it (renderer/sync). */
export function ConnectionIndicator() {
  const online = useOnlineStatus();
  return (
    <span
      className={`connection ${online ? 'connection--online' : 'connection--offline'}`}
      role="status"
      title="Everything you change is saved on this computer."
    >
      <span className="connection__dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline — working locally'}
    </span>
  );
}
