import { ComingSoon } from '../../components/ComingSoon';

export function NoticesPage() {
  return (
    <ComingSoon
      title="上墙公示"
      willDo="届时可以按模板打印联络站信息牌、工作制度、值班表和接待日公告，支持 A4、A3 和展板尺寸。"
    />
  );
}
