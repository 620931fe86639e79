import type { ReactNode } from 'react';
import { Alert } from 'antd';

/**
 * Why a save was refused, shown above the form's buttons (a refusal about one field is shown
 * under that field instead). Nothing typed is lost: the form stays as it was.
 */
export function SaveProblem({
  message,
  action,
  testId,
}: {
  message: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Alert
      className="form-alert"
      type="error"
      showIcon
      title="没有保存"
      description={message}
      action={action}
      role="alert"
      data-testid={testId}
    />
  );
}
