import { App } from 'antd';
import { errorMessage, useMutate, type DutyAssignment, type DutySlot } from '../../api';
import { allowedActions } from './labels';

/**
 * The one-click steps on a deputy's place (签到, 签退, 撤销) with their messages, and what the
 * slot's date allows. The home page's name buttons and the slot drawer share it.
 */
export function useAttendanceSteps(slot: DutySlot, a: DutyAssignment, today: string) {
  const { message } = App.useApp();
  const signIn = useMutate('duty.signIn');
  const signOut = useMutate('duty.signOut');
  const clear = useMutate('duty.clearAttendance');
  const run = (m: typeof signIn, done: string) =>
    m.mutate(
      { assignmentId: a.id },
      {
        onSuccess: () => void message.success(done),
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  return { can: allowedActions(a, slot.date, today), signIn, signOut, clear, run };
}
