import { useState, type ReactNode } from 'react';
import { Form, Modal } from 'antd';
import {
  ApiError,
  contract,
  errorMessage,
  useMutate,
  type CallInput,
  type CallName,
  type CallOutput,
} from '../api';
import { FormField } from './FormField';
import { SaveProblem } from './SaveProblem';

export type Errors = Record<string, string>;

/**
 * A save from a dialog or card: the contract's schema checks first (Chinese messages on the
 * fields shown), then the call; a refusal naming a shown field lands on it, anything else in
 * `problem` above the buttons.
 */
export function useSave<N extends CallName>(name: N) {
  const mutation = useMutate(name);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (input: CallInput<N>, shown: string[]): Promise<CallOutput<N> | null> => {
    setErrors({});
    setProblem(null);
    const parsed = contract[name].input.safeParse(input);
    const place = (path: string) => shown.find((f) => path === f || path.startsWith(`${f}.`));
    if (!parsed.success) {
      const next: Errors = {};
      const others: string[] = [];
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field = shown.includes(path) ? path : place(path);
        if (field) next[field] ??= issue.message;
        else others.push(issue.message);
      }
      setErrors(next);
      if (others.length) setProblem(others[0]!);
      return null;
    }
    try {
      return await mutation.mutateAsync(input);
    } catch (error) {
      const field = error instanceof ApiError && error.field ? place(error.field) : undefined;
      if (field) setErrors({ [field]: error instanceof Error ? error.message : '' });
      else setProblem(errorMessage(error));
      return null;
    }
  };
  const clear = () => {
    setErrors({});
    setProblem(null);
  };
  return { save, errors, problem, saving: mutation.isPending, clear };
}

export function Field({
  label,
  name,
  errors,
  required,
  hint,
  children,
  idPrefix = 'dlg',
}: {
  label: ReactNode;
  name: string;
  errors: Errors;
  required?: boolean;
  hint?: ReactNode;
  children: ReactNode;
  idPrefix?: string;
}) {
  return (
    <FormField
      name={name}
      label={label}
      htmlFor={`${idPrefix}-${name}`}
      required={required}
      error={errors[name]}
      hint={hint}
    >
      {children}
    </FormField>
  );
}

/** A dialog with a vertical form, Ctrl+Enter to save, and the refusal above the buttons. */
export function ActionModal({
  open,
  title,
  onClose,
  onOk,
  okText = '保存',
  saving,
  problem,
  children,
  danger,
  width = 680,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  onOk: () => void;
  okText?: string;
  saving: boolean;
  problem: string | null;
  children: ReactNode;
  danger?: boolean;
  width?: number;
}) {
  return (
    <Modal
      open={open}
      title={title}
      width={width}
      onCancel={onClose}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: saving, danger }}
      cancelButtonProps={{ size: 'large' }}
      onOk={onOk}
      destroyOnHidden
      maskClosable={false}
    >
      <div
        className="action-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onOk();
          }
        }}
      >
        <Form layout="vertical" component={false}>
          {children}
        </Form>
        {problem && <SaveProblem message={problem} />}
      </div>
    </Modal>
  );
}
