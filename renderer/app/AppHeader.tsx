import { Header } from '@bcgov/design-system-react-components';
import { ConflictsNavLabel, SyncStatusIndicator } from '../sync/index';
import { ConnectionIndicator } from './ConnectionIndicator';
import { WorkNavLabel } from '../work/WorkNavLabel';
import { useNavigation, type Route } from './navigation';
import { SkipLink } from '../ui/SkipLink';
import { SETTINGS_SCREENS } from './SettingsNav';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';

interface AppHeaderProps {
  user: string | null;
  /** The profile's participant role, shown beside the name. */
  role?: ParticipantRole | null;
  onSkipToContent(): void;
}

const SECTIONS: { label: string; route: Route; matches: Route['screen'][] }[] = [
  { label: 'Dashboard', route: { screen: 'dashboard' }, matches: ['dashboard'] },
  { label: 'My work', route: { screen: 'work' }, matches: ['work'] },
  { label: 'Dossiers', route: { screen: 'list' }, matches: ['list', 'dossier'] },
  { label: 'New dossier', route: { screen: 'create' }, matches: ['create'] },
  { label: 'Partner forms', route: { screen: 'forms' }, matches: ['forms'] },
  { label: 'Conflicts', route: { screen: 'conflicts' }, matches: ['conflicts'] },
  // One entry; its sections (sync and reminders, your profile) are listed on the screens themselves.
  { label: 'Settings', route: { screen: 'sync-settings' }, matches: SETTINGS_SCREENS },
];

export function AppHeader({ user, role = null, onSkipToContent }: AppHeaderProps) {
  const { route, navigate } = useNavigation();
  return (
    <div className="app-header">
      {/* Before the logo, so it is the first Tab stop of every screen. */}
      <SkipLink page onSkip={onSkipToContent}>
        Skip to main content
      </SkipLink>
      <Header
        title="PCR Onboarding Workbench"
        titleElement="span"
        logoLinkElement={
          <a
            href="./"
            title="Government of British Columbia — go to the dashboard"
            onClick={(event) => {
              event.preventDefault();
              navigate({ screen: 'dashboard' });
            }}
          />
        }
      >
        <div className="app-header__status">
          <ConnectionIndicator />
          <SyncStatusIndicator />
          {user && (
            <span className="app-header__user" title="The name recorded on every change you make">
              <span className="app-header__avatar" aria-hidden="true">
                {initials(user)}
              </span>
              <span className="app-header__who">
                <span>
                  <span className="visually-hidden">Signed in as </span>
                  {user}
                  {role && <span className="visually-hidden">, </span>}
                </span>
                {role && <span className="app-header__role">{roleLabel(role)}</span>}
              </span>
            </span>
          )}
        </div>
      </Header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {SECTIONS.map((section) => {
            const current = section.matches.includes(route.screen);
            return (
              <li key={section.label}>
                <button
                  type="button"
                  className={`app-nav__link${current ? ' app-nav__link--current' : ''}`}
                  aria-current={current ? 'page' : undefined}
                  onClick={() => navigate(section.route)}
                >
                  {section.route.screen === 'conflicts' ? <ConflictsNavLabel /> : section.route.screen === 'work' ? <WorkNavLabel /> : section.label}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/[\s._@-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}
