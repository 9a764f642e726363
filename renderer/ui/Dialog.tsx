import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '@bcgov/design-system-react-components';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** The buttons at the foot; the first of them gets the focus unless `initialFocus` says otherwise. */
  actions: ReactNode;
  /** A selector inside the dialog for the control focused on opening. */
  initialFocus?: string;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog>: the page behind is inert, Tab and Shift+Tab stay inside,
 * Escape closes, and the focus goes back to where it was when the dialog opened. Rendered while
 * open; the parent removes it to close it.
 */
export function Dialog({ title, onClose, children, actions, initialFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first = (initialFocus && dialog.querySelector<HTMLElement>(initialFocus)) || dialog.querySelector<HTMLElement>(`.ui-dialog__actions ${FOCUSABLE}`);
    first?.focus();
    // Escape: the browser's own cancel, turned into the parent's close so its state stays the truth.
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [initialFocus]);

  const keepFocusInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    // Escape closes this dialog only (the browser's cancel), not also a panel the dialog was opened from.
    if (event.key === 'Escape') event.stopPropagation();
    if (event.key !== 'Tab') return;
    const focusable = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={ref} className="ui-dialog" aria-labelledby={titleId} onKeyDown={keepFocusInside}>
      <h2 id={titleId} className="ui-dialog__title">
        {title}
      </h2>
      <div className="ui-dialog__body">{children}</div>
      <div className="ui-dialog__actions">{actions}</div>
    </dialog>
  );
}

interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** The declining button's words; "Cancel" unless said. */
  cancelLabel?: string;
  danger?: boolean;
  resolve(answer: boolean): void;
}

/**
 * A question with Cancel and a confirming button, in place of window.confirm: `ask` resolves true
 * when confirmed, false on Cancel or Escape. Render `dialog` somewhere in the screen.
 */
export function useConfirm(): { dialog: ReactNode; ask(request: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> } {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const ask = useCallback((next: Omit<ConfirmRequest, 'resolve'>) => new Promise<boolean>((resolve) => setRequest({ ...next, resolve })), []);
  const answer = (value: boolean) => {
    request?.resolve(value);
    setRequest(null);
  };
  const dialog = request ? (
    <Dialog
      title={request.title}
      onClose={() => answer(false)}
      actions={
        <>
          <Button variant="secondary" onPress={() => answer(false)}>
            {request.cancelLabel ?? 'Cancel'}
          </Button>
          <Button variant="primary" danger={request.danger ?? false} onPress={() => answer(true)}>
            {request.confirmLabel}
          </Button>
        </>
      }
    >
      <p>{request.message}</p>
    </Dialog>
  ) : null;
  return { dialog, ask };
}
