import { useEffect, useState } from 'react';
import './transfer.css';

/**
 * Long work under way: what is being done, a moving bar and, after a couple of seconds, how long
 * it has taken (the engine does not report steps, so the bar does not pretend to a percentage).
 */
export function Progress({ label }: { label: string }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="progress" role="status" aria-live="polite">
      <span className="progress__label">
        <span className="inline-spinner" aria-hidden="true" /> {label}
        {seconds >= 2 && <span className="progress__time"> {seconds} s</span>}
      </span>
      <progress className="progress__bar" aria-label={label} />
    </div>
  );
}
