import type { ReactNode } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { Alert } from './Alert';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="loading__spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

interface InlineErrorProps {
  title?: string;
  children: ReactNode;
  onRetry?: () => void;
}

export function InlineError({ title = 'Something went wrong', children, onRetry }: InlineErrorProps) {
  return (
    <Alert
      variant="danger"
      role="alert"
      title={title}
      actions={
        onRetry ? (
          <Button size="small" variant="secondary" onPress={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {children}
    </Alert>
  );
}

// Kept here too for the screens that import it with the other messages.
export { EmptyState } from './EmptyState';
