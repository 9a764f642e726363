import { useEffect } from 'react';

const PRODUCT = 'PCR Onboarding Workbench';

/** The window title names the screen, so the task bar and window switcher tell dossiers apart. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} — ${PRODUCT}` : PRODUCT;
  }, [title]);
}
