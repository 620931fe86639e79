import { ComingSoon } from '../../components/ComingSoon';

export function DutyPage() {
  return (
    <ComingSoon
      title="值班排班"
      willDo="届时可以按接待日规则排出全年值班表，节假日自动顺延，并记录代表到岗、请假情况。"
    />
  );
}
