import { Header } from '@bcgov/design-system-react-components';
import { ConflictsNavLabel, SyncStatusIndicator } from '../sync/index';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useNavigation, type Route } from './navigation';

interface AppHeaderProps {
  user: string | null;
  onSkipToContent(): void;
}

const SECTIONS: { label: string; route: Route; matches: Route['screen'][] }[] = [
  { label: 'Dashboard', route: { screen: 'dashboard' }, matches: ['dashboard'] },
  { label: 'Dossiers', route: { screen: 'list' }, matches: ['list', 'dossier'] },
  { label: 'New dossier', route: { screen: 'create' }, matches: ['create'] },
  { label: 'Partner forms', route: { screen: 'forms' }, matches: ['forms'] },
  { label: 'Conflicts', route: { screen: 'conflicts' }, matches: ['conflicts'] },
  { label: 'Settings', route: { screen: 'sync-settings' }, matches: ['sync-settings'] },
];

export function AppHeader({ user, onSkipToContent }: AppHeaderProps) {
  const { route, navigate } = useNavigation();
  return (
    <div className="app-header">
      <Header
        title="PCR Onboarding Workbench"
        titleElement="span"
        skipLinks={[
          <button type="button" key="skip" onClick={onSkipToContent}>
            Skip to main content
          </button>,
        ]}
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
              <span className="visually-hidden">Signed in as </span>
              {user}
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
                  {section.route.screen === 'conflicts' ? <ConflictsNavLabel /> : section.label}
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
