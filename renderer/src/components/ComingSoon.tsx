import { Card } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { PageHeader } from './PageHeader';

/** A page whose area is not built yet: says so plainly, and what it will do. No sample data. */
export function ComingSoon({ title, willDo }: { title: string; willDo: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Card className="coming-soon">
        <div className="coming-soon-body" role="status">
          <ToolOutlined className="coming-soon-icon" aria-hidden="true" />
          <p className="coming-soon-title">{title}功能正在建设中，将在后续版本提供。</p>
          <p className="coming-soon-text">{willDo}</p>
        </div>
      </Card>
    </>
  );
}
