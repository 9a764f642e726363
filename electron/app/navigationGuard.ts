/**
 * What the window may load: only the app origin. Navigation elsewhere and `window.open` are
 * refused; https and mailto links go to the OS browser/mail client instead, because a lead
 * clicking a link to a partner's or the Ministry's page expects it to open somewhere.
 */
import { isAppUrl, isExternalLink } from './origin';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationGuardOptions {
  openExternal: (url: string) => void;
  log: (line: string) => void;
}

export function createNavigationGuard(options: NavigationGuardOptions) {
  const handOff = (url: string, what: string) => {
    if (isExternalLink(url)) {
      options.openExternal(url);
    } else {
      options.log(`refused ${what} to ${url.slice(0, 200)}`);
    }
  };
  return {
    /** For the main frame's `will-navigate`; subframes cannot load anything under the CSP. */
    willNavigate(event: PreventableEvent & { url: string }): void {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      handOff(event.url, 'navigation');
    },
    /** For `setWindowOpenHandler`: no second window, ever. */
    windowOpen(details: { url: string }): { action: 'deny' } {
      handOff(details.url, 'window.open');
      return { action: 'deny' };
    },
    /** For `will-attach-webview`: the app has no use for <webview>. */
    willAttachWebview(event: PreventableEvent): void {
      event.preventDefault();
      options.log('refused to attach a <webview>');
    },
  };
}

/** For `setPermissionRequestHandler`: the workbench asks for no camera, location, notifications... */
export function denyPermissionRequest(
  _contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  log: (line: string) => void = () => {},
): void {
  log(`denied permission request: ${permission}`);
  callback(false);
}
