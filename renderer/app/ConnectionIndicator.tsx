import { useOnlineStatus } from './useOnlineStatus';

/** Says only what is true today: work is saved on this computer; there is no sync yet. */
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
