import { ComingSoon } from '../../components/ComingSoon';

export function RosterPage() {
  return (
    <ComingSoon
      title="代表名册"
      willDo="届时可以录入或从 Excel 导入进站代表的信息，按层级、届次和代表小组查找。"
    />
  );
}
