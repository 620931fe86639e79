import type { SessionInfo, UserRole } from '../../../main/api/contract-auth';
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call, callKey, useCall } from '../api';

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

/** Locks the app now (the 锁定 button, the idle timer); the lock screen follows from auth.status. */
export function useLockNow(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const key = callKey('auth.status', {});
    try {
      queryClient.setQueryData(key, await call('auth.lock', {}));
    } catch {
      await queryClient.invalidateQueries({ queryKey: key });
    }
  }, [queryClient]);
}
