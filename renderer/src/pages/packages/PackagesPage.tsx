import { ComingSoon } from '../../components/ComingSoon';

export function PackagesPage() {
  return (
    <ComingSoon title="数据上报" willDo="届时可以把本站台账签名、加密后打包，用U盘或网络报送县人大常委会。" />
  );
}
