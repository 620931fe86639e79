import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { contract, type CallInput, type CallName, type CallOutput } from '../../../main/api/contract';
import { call, type ApiError } from './client';

/** Query keys: every call's answers live under ['call', name, input]. */
export const callKey = <N extends CallName>(name: N, input?: CallInput<N>) =>
  input === undefined ? (['call', name] as const) : (['call', name, input] as const);

type QueryOptions<N extends CallName> = Omit<
  UseQueryOptions<CallOutput<N>, ApiError, CallOutput<N>, ReturnType<typeof callKey<N>>>,
  'queryKey' | 'queryFn'
>;

/** Reads through the API and caches the answer (TanStack Query). */
export function useCall<N extends CallName>(name: N, input: CallInput<N>, options?: QueryOptions<N>) {
  return useQuery({
    queryKey: callKey(name, input),
    queryFn: () => call(name, input),
    ...options,
  });
}

/**
 * Runs a call on demand (a save, or a check started by a button). After a call that writes,
 * every cached answer is refreshed: writes are rare and the pages read little, so this is
 * simpler and safer than tracking which page shows what.
 */
export function useMutate<N extends CallName>(name: N) {
  const queryClient = useQueryClient();
  return useMutation<CallOutput<N>, ApiError, CallInput<N>>({
    mutationFn: (input) => call(name, input),
    onSuccess: async () => {
      if (contract[name].kind === 'mutation') await queryClient.invalidateQueries({ queryKey: ['call'] });
    },
  });
}
