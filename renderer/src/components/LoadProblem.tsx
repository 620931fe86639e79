import { Alert, Button } from 'antd';
import { errorMessage } from '../api';

/** A read that failed: what could not be read, why (in words a clerk can act on), and 重试. */
export function LoadProblem({
  what,
  error,
  onRetry,
  className,
}: {
  /** What could not be read: 代表名册, 这条接待记录 … */
  what: string;
  error: unknown;
  onRetry: () => void;
  className?: string;
}) {
  return (
    <Alert
      className={className}
      type="error"
      showIcon
      title={`没能读取${what}`}
      description={errorMessage(error)}
      action={
        <Button size="large" onClick={onRetry}>
          重试
        </Button>
      }
    />
  );
}
