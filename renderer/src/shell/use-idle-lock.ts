import { useEffect } from 'react';
import { call } from '../api';
import { useLockNow } from '../lib/session';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'pointerdown'] as const;
/** How often the idle time is checked, and how often activity is reported to the server. */
const CHECK_MS = 15_000;
const REPORT_MS = 60_000;

/**
 * The main idle detector: mouse, keyboard and touch activity restart the clock; after
 * `idleMinutes` without any the app locks (auth.lock). While the clerk is active but not
 * calling the server (reading a long page), activity is reported once a minute (auth.status),
 * so the server's own idle check (a safety net) does not lock them out.
 */
export function useIdleLock(idleMinutes: number, active: boolean) {
  const lockNow = useLockNow();
  useEffect(() => {
    if (!active || idleMinutes <= 0) return;
    let lastActivity = Date.now();
    let lastReport = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastReport >= REPORT_MS) {
        lastReport = lastActivity;
        void call('auth.status', {}).catch(() => undefined);
      }
    };
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity < idleMinutes * 60_000) return;
      window.clearInterval(timer);
      void lockNow();
    }, CHECK_MS);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
    };
  }, [idleMinutes, active, lockNow]);
}
