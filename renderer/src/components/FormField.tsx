import { Form } from 'antd';
import type { ReactNode } from 'react';

/**
 * One labelled field: the label, the control, and under it the error (in red) or else a hint.
 * `data-field` lets a page scroll to the field a server refusal names (visitors.0.phone).
 */
export function FormField(props: {
  name: string;
  label: ReactNode;
  htmlFor: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div data-field={props.name}>
      <Form.Item
        label={props.label}
        htmlFor={props.htmlFor}
        required={props.required}
        validateStatus={props.error ? 'error' : undefined}
        help={props.error}
        extra={props.error ? undefined : props.hint}
      >
        {props.children}
      </Form.Item>
    </div>
  );
}
