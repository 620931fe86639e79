import { useState } from 'react';
import { App, Button, Col, Form, Input, Modal, Row } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Controller, get, useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { countyProfileInput, type CountyProfile } from '../../../../main/api/contract';
import { ApiError, errorMessage, useMutate } from '../../api';
import { FormField } from '../../components/FormField';
import { SaveProblem } from '../../components/SaveProblem';

type ProfileValues = z.input<typeof countyProfileInput>;
type ProfileOutput = z.output<typeof countyProfileInput>;
const FIELDS = ['county', 'intakeUrl', 'recipients', 'receiptPublicKey'];
const MAX_RECIPIENTS = 5;

function initialValues(profile: CountyProfile | null): ProfileValues {
  if (!profile) {
    return {
      county: '',
      intakeUrl: '',
      recipients: [{ label: '日常使用', recipient: '' }],
      receiptPublicKey: '',
    };
  }
  return {
    county: profile.county,
    intakeUrl: profile.intakeUrl,
    recipients: profile.recipients.map((r) => ({ ...r })),
    receiptPublicKey: profile.receiptPublicKey,
  };
}

/** 手动填写: the county profile typed in from the county's letter, checked by the contract's schema. */
export function ProfileForm({ profile, onClose }: { profile: CountyProfile | null; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useMutate('packages.setProfile');
  const [problem, setProblem] = useState<string | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<ProfileValues, unknown, ProfileOutput>({
    resolver: zodResolver(countyProfileInput),
    defaultValues: initialValues(profile),
    mode: 'onTouched',
  });
  const recipients = useFieldArray({ control, name: 'recipients' });

  const err = (path: string): string | undefined => {
    const e = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
    return e?.message ?? e?.root?.message;
  };

  const submit = handleSubmit(
    async (values) => {
      setProblem(null);
      try {
        const saved = await save.mutateAsync(values);
        void message.success(`已保存县级接收方：${saved.county}`);
        onClose();
      } catch (error) {
        const field = error instanceof ApiError ? error.field : undefined;
        if (field && FIELDS.includes(field.split('.')[0]!)) {
          setError(field as FieldPath<ProfileValues>, { type: 'server', message: errorMessage(error) });
        } else {
          setProblem(errorMessage(error));
        }
      }
    },
    () => setProblem('有几项需要改正，请看标红的地方。'),
  );

  return (
    <Modal
      open
      title={profile ? '修改县级接收方' : '手动填写县级接收方'}
      width={820}
      style={{ top: 24 }}
      // The form scrolls inside the dialog so 保存 stays in view on a 768-pixel screen.
      styles={{ body: { maxHeight: 'calc(100vh - 170px)', overflowY: 'auto', paddingRight: 8 } }}
      onCancel={onClose}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: save.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void submit()}
      maskClosable={false}
      destroyOnHidden
    >
      <form
        className="action-dialog profile-form"
        aria-label="县级接收方"
        noValidate
        onSubmit={(e) => (e.preventDefault(), void submit())}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <p className="card-intro">
          请照县人大常委会发来的通知逐项填写。公钥很长，最好从县里给的电子文件中复制粘贴，不要手抄。
        </p>
        <Form layout="vertical" component={false} requiredMark>
          <Row gutter={20}>
            <Col span={10}>
              <FormField
                name="county"
                label="县级单位名称"
                htmlFor="profile-county"
                required
                error={err('county')}
              >
                <Controller
                  control={control}
                  name="county"
                  render={({ field }) => (
                    <Input {...field} id="profile-county" size="large" placeholder="如 莲花县人大常委会" />
                  )}
                />
              </FormField>
            </Col>
            <Col span={14}>
              <FormField
                name="intakeUrl"
                label="上报地址"
                htmlFor="profile-intakeUrl"
                error={err('intakeUrl')}
                hint="县里提供网络上报时才填，以 http:// 或 https:// 开头；只用U盘报送不填。"
              >
                <Controller
                  control={control}
                  name="intakeUrl"
                  render={({ field }) => (
                    <Input {...field} id="profile-intakeUrl" size="large" className="mono" inputMode="url" />
                  )}
                />
              </FormField>
            </Col>
          </Row>

          <FormField
            name="recipients"
            label="县里的加密公钥"
            htmlFor="profile-recipients-0-recipient"
            required
            error={err('recipients')}
            hint="以 age1 开头、共62个字符。县里一般给两个：日常使用的和备用（封存）的，都要填。"
          >
            <ol className="profile-recipients">
              {recipients.fields.map((row, i) => (
                <li key={row.id} className="profile-recipient">
                  <div className="profile-recipient-label">
                    <Controller
                      control={control}
                      name={`recipients.${i}.label`}
                      render={({ field }) => (
                        <Input
                          {...field}
                          id={`profile-recipients-${i}-label`}
                          size="large"
                          aria-label={`第${i + 1}个公钥的说明`}
                          placeholder="说明，如 备用"
                          status={err(`recipients.${i}.label`) ? 'error' : undefined}
                        />
                      )}
                    />
                    {err(`recipients.${i}.label`) && (
                      <div className="field-error">{err(`recipients.${i}.label`)}</div>
                    )}
                  </div>
                  <div className="profile-recipient-key">
                    <Controller
                      control={control}
                      name={`recipients.${i}.recipient`}
                      render={({ field }) => (
                        <Input
                          {...field}
                          id={`profile-recipients-${i}-recipient`}
                          size="large"
                          className="mono"
                          aria-label={`第${i + 1}个加密公钥`}
                          placeholder="age1…"
                          spellCheck={false}
                          status={err(`recipients.${i}.recipient`) ? 'error' : undefined}
                        />
                      )}
                    />
                    {err(`recipients.${i}.recipient`) && (
                      <div className="field-error">{err(`recipients.${i}.recipient`)}</div>
                    )}
                  </div>
                  <Button
                    size="large"
                    icon={<MinusCircleOutlined />}
                    disabled={recipients.fields.length <= 1}
                    onClick={() => recipients.remove(i)}
                    aria-label={`删除第${i + 1}个公钥`}
                  />
                </li>
              ))}
            </ol>
            <Button
              icon={<PlusOutlined />}
              disabled={recipients.fields.length >= MAX_RECIPIENTS}
              onClick={() => recipients.append({ label: '备用', recipient: '' })}
            >
              再加一个公钥
            </Button>
          </FormField>

          <FormField
            name="receiptPublicKey"
            label="回执签名公钥"
            htmlFor="profile-receiptPublicKey"
            required
            error={err('receiptPublicKey')}
            hint="县里用来签回执的公钥，粘贴公钥文件的全部内容（两行，第一行以 untrusted comment 开头）。"
          >
            <Controller
              control={control}
              name="receiptPublicKey"
              render={({ field }) => (
                <Input.TextArea
                  {...field}
                  id="profile-receiptPublicKey"
                  className="mono"
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  spellCheck={false}
                />
              )}
            />
          </FormField>
        </Form>
        {problem && <SaveProblem message={problem} />}
      </form>
    </Modal>
  );
}
