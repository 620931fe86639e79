import { ComingSoon } from '../../components/ComingSoon';

export function ActivitiesPage() {
  return (
    <ComingSoon
      title="活动记录"
      willDo="届时可以制定年度活动计划，记录每次活动的时间、地点、参加代表、内容和照片。"
    />
  );
}
