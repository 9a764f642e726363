/** The sections of Settings (one entry in the main navigation): sync and reminders, your profile, appearance. */
import { useNavigation, type Route } from './navigation';
import './settings-nav.css';

const SECTIONS: { label: string; screen: Extract<Route['screen'], 'sync-settings' | 'profile' | 'appearance'> }[] = [
  { label: 'Sync and reminders', screen: 'sync-settings' },
  { label: 'Your profile', screen: 'profile' },
  { label: 'Appearance', screen: 'appearance' },
];

/** The screens it leads to, for the main navigation's Settings entry. */
export const SETTINGS_SCREENS: Route['screen'][] = SECTIONS.map((s) => s.screen);

export function SettingsNav() {
  const { route, navigate } = useNavigation();
  return (
    <nav className="settings-nav" aria-label="Settings">
      <ul className="settings-nav__list">
        {SECTIONS.map((section) => {
          const current = route.screen === section.screen;
          return (
            <li key={section.screen}>
              <button
                type="button"
                className={`settings-nav__link${current ? ' settings-nav__link--current' : ''}`}
                aria-current={current ? 'page' : undefined}
                onClick={() => navigate({ screen: section.screen })}
              >
                {section.label}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
