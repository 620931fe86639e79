import type { SessionInfo, UserRole } from '../../../main/api/contract-auth';
import { useCall } from '../api';

/**
 * Who is signed in (auth.status). App.tsx loads it before any page shows, so pages read it
 * from the cache. Every LOCKED answer refreshes it (api/hooks.ts), which brings back the lock screen.
 */
export function useSession(): SessionInfo | undefined {
  return useCall('auth.status', {}, { staleTime: Infinity }).data;
}

/**
 * The role the pages should act for: hide or disable administrator-only actions for 'clerk'.
 * The server refuses those calls anyway (ADMIN_CALLS); this only keeps buttons out of the way.
 * While the status is still loading it says 'clerk' (the safer guess).
 */
export function useRole(): UserRole {
  return useSession()?.role ?? 'clerk';
}
