import { ComingSoon } from '../../components/ComingSoon';

export function ReceptionsPage() {
  return (
    <ComingSoon
      title="接待登记"
      willDo="届时可以登记群众的来访、来电和来信，跟踪交办、转办、办理答复和回访，做到件件有回音。"
    />
  );
}
