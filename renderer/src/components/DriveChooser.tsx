import type { ReactNode } from 'react';
import { Alert, Button, Form, Input, Radio, Skeleton } from 'antd';
import { ReloadOutlined, UsbOutlined } from '@ant-design/icons';
import { errorMessage, useCall } from '../api';
import { FormField } from './FormField';

/**
 * The USB sticks plugged in now as choices, and a path that can be typed (a choice fills it):
 * a folder to copy to, or a file on the stick. Used for packages and for backups.
 */
export function DriveChooser({
  id,
  name,
  label,
  value,
  onChange,
  placeholder,
  error,
  hint,
}: {
  id: string;
  /** The API field the path goes to, for its error. */
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  error?: string;
  hint?: ReactNode;
}) {
  const drives = useCall('packages.drives', {});
  return (
    <Form layout="vertical" component={false}>
      <div className="drive-chooser">
        <div className="drive-chooser-head">
          <span className="muted">插在电脑上的U盘</span>
          <Button icon={<ReloadOutlined />} loading={drives.isFetching} onClick={() => void drives.refetch()}>
            重新查找
          </Button>
        </div>
        {drives.isPending && <Skeleton active paragraph={{ rows: 1 }} title={false} />}
        {drives.isError && <Alert type="warning" showIcon title={errorMessage(drives.error)} />}
        {drives.data && drives.data.length === 0 && (
          <p className="muted drive-chooser-none">没有找到U盘。请插好U盘后点“重新查找”，或在下面直接填写。</p>
        )}
        {drives.data && drives.data.length > 0 && (
          <Radio.Group
            className="drive-chooser-list"
            aria-label="U盘"
            value={drives.data.find((d) => value.startsWith(d.path))?.path}
            onChange={(e) => onChange(e.target.value as string)}
            options={drives.data.map((d) => ({
              value: d.path,
              label: (
                <span>
                  <UsbOutlined /> {d.label} <span className="mono muted">{d.path}</span>
                </span>
              ),
            }))}
          />
        )}
      </div>
      <FormField name={name} label={label} htmlFor={id} required error={error} hint={hint}>
        <Input
          id={id}
          size="large"
          className="mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
        />
      </FormField>
    </Form>
  );
}
