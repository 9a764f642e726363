/**
 * An inline alert with the BC Design System's look. The library's InlineAlert drops its title and
 * buttons when given children and labels every alert with the same element id, so the workbench
 * renders the same markup itself.
 */
import { useId, type ReactNode } from 'react';
import { Button, SvgCheckCircleIcon, SvgCloseIcon, SvgExclamationCircleIcon, SvgExclamationIcon, SvgInfoIcon } from '@bcgov/design-system-react-components';

type Variant = 'info' | 'success' | 'warning' | 'danger';

const ICONS: Record<Variant, ReactNode> = {
  info: <SvgInfoIcon />,
  success: <SvgCheckCircleIcon />,
  warning: <SvgExclamationIcon />,
  danger: <SvgExclamationCircleIcon />,
};

interface AlertProps {
  variant: Variant;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
  /** `alert` interrupts a screen reader; `status` waits its turn. */
  role?: 'alert' | 'status' | 'note';
  onClose?: () => void;
}

export function Alert({ variant, title, children, actions, role = 'note', onClose }: AlertProps) {
  const titleId = useId();
  return (
    <div className={`bcds-Inline-Alert ${variant} alert${onClose ? ' closeable' : ''}`} role={role} aria-labelledby={title ? titleId : undefined}>
      <span className="bcds-Inline-Alert--icon" aria-hidden="true">
        {ICONS[variant]}
      </span>
      <div className="bcds-Inline-Alert--container">
        {title && (
          <span className="title" id={titleId}>
            {title}
          </span>
        )}
        {children && <div className="description">{children}</div>}
        {actions && <div className="alert__actions">{actions}</div>}
      </div>
      {onClose && (
        <span className="bcds-Inline-Alert--closeIcon">
          <Button variant="tertiary" isIconButton size="small" aria-label="Dismiss this message" onPress={onClose}>
            <SvgCloseIcon />
          </Button>
        </span>
      )}
    </div>
  );
}
