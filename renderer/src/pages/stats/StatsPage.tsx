import { ComingSoon } from '../../components/ComingSoon';

export function StatsPage() {
  return (
    <ComingSoon
      title="统计"
      willDo="届时可以查看接待批次和人次、办结率、回音率、群众满意度和代表进站率等数据。"
    />
  );
}
