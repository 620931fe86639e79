import { Button, Result, Spin } from 'antd';
import { errorMessage } from '../api';

export function FullPageLoading() {
  return (
    <div className="full-page-center">
      <Spin size="large" />
      <p className="full-page-hint">正在打开联络站工作台……</p>
    </div>
  );
}

/** The app could not even read the station: say what happened and offer to try again. */
export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="full-page-center">
      <Result
        status="error"
        title="没能打开本站的数据"
        subTitle={errorMessage(error)}
        extra={
          <Button type="primary" size="large" onClick={onRetry}>
            重试
          </Button>
        }
      />
    </div>
  );
}
