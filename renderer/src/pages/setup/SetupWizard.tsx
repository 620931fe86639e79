import { useState } from 'react';
import { Button, Card, Result, Steps } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { ApiError, errorMessage, stationInput, useMutate, type StationInput } from '../../api';
import { StationFields } from '../../components/StationFields';
import { KeyFingerprint } from '../../components/KeyFingerprint';
import { EMPTY_STATION, isStationField, type StationField } from '../../lib/station-fields';
import { SaveProblem } from '../../components/SaveProblem';

const STEPS: { title: string; fields: StationField[] }[] = [
  { title: '站点信息', fields: ['code', 'name', 'township', 'county'] },
  { title: '地址与开放时间', fields: ['address', 'phone', 'openingHours'] },
];

/**
 * First run: the station's details in two short steps, validated with the contract's own
 * schema, then the signing key the app made for it.
 */
export function SetupWizard({ onFinish }: { onFinish: () => void }) {
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<{ message: string; alreadySetUp: boolean } | null>(null);
  const setup = useMutate('station.setup');
  const {
    control,
    handleSubmit,
    trigger,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<StationInput>({
    resolver: zodResolver(stationInput),
    defaultValues: EMPTY_STATION,
    mode: 'onTouched',
  });

  // Where the cursor goes when a step appears: its first field, or the one a refusal names.
  const [focusField, setFocusField] = useState<StationField | undefined>(undefined);

  const goNext = async () => {
    const fields = STEPS[0]!.fields;
    if (await trigger(fields, { shouldFocus: true })) {
      setFormError(null);
      setFocusField(undefined);
      setStep(1);
    }
  };

  const save = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        await setup.mutateAsync(values);
        setStep(2);
      } catch (error) {
        if (error instanceof ApiError && isStationField(error.field)) {
          const field = error.field;
          const fieldStep = STEPS[0]!.fields.includes(field) ? 0 : 1;
          setError(field, { type: 'server', message: error.message }, { shouldFocus: fieldStep === step });
          if (fieldStep !== step) {
            setFocusField(field);
            setStep(fieldStep);
          }
        } else {
          setFormError({
            message: errorMessage(error),
            // Set up meanwhile (another window): nothing to fix here, just go on.
            alreadySetUp: error instanceof ApiError && error.code === 'ALREADY_SET_UP',
          });
        }
      }
    },
    // A field of the first step went wrong after all: show that step with the cursor there.
    (invalid) => {
      const first = STEPS[0]!.fields.find((name) => invalid[name]);
      if (first && step !== 0) {
        setFocusField(first);
        setStep(0);
      }
    },
  );

  const status = setup.data;

  return (
    <div className="wizard">
      <header className="wizard-band">
        <span className="shell-emblem" aria-hidden="true">
          站
        </span>
        <span className="shell-product">联络站工作台</span>
      </header>
      <main className="wizard-main">
        <Card className="wizard-card">
          <h1 className="wizard-title">{step < 2 ? '欢迎使用联络站工作台' : '本站设置完成'}</h1>
          {step < 2 && (
            <p className="wizard-intro">
              第一次使用，请先填写本站的基本信息。这些信息会印在公示牌上，也会随数据报送县人大常委会，以后可以在“设置”中修改。
            </p>
          )}
          <Steps
            className="wizard-steps"
            current={step}
            items={[...STEPS.map((s) => ({ title: s.title })), { title: '完成' }]}
          />

          {step < 2 && (
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                if (step === 0) void goNext();
                else void save();
              }}
            >
              <StationFields
                key={step}
                idPrefix="setup"
                control={control}
                errors={errors}
                setFocus={setFocus}
                fields={STEPS[step]!.fields}
                onLastEnter={() => (step === 0 ? void goNext() : void save())}
                autoFocus={focusField ?? STEPS[step]!.fields[0]!}
              />
              {formError && (
                <SaveProblem
                  message={formError.message}
                  action={
                    formError.alreadySetUp && (
                      <Button size="large" onClick={onFinish}>
                        进入工作台
                      </Button>
                    )
                  }
                />
              )}
              <div className="form-actions">
                {step === 1 && (
                  <Button
                    size="large"
                    onClick={() => {
                      setFocusField(undefined);
                      setStep(0);
                    }}
                    disabled={setup.isPending}
                  >
                    上一步
                  </Button>
                )}
                <Button type="primary" size="large" htmlType="submit" loading={setup.isPending}>
                  {step === 0 ? '下一步' : '完成设置'}
                </Button>
              </div>
            </form>
          )}

          {step === 2 && status && (
            <div className="wizard-done">
              <Result
                className="wizard-result"
                status="success"
                title={`${status.station?.name ?? '本站'}已设置完成`}
                subTitle="程序已为本站生成签名密钥。报送给县人大常委会的数据都用它签名，县里凭下面的指纹核对数据确实来自本站。"
              />
              {status.signingKey && (
                <div className="wizard-key" data-testid="setup-key">
                  <SafetyCertificateOutlined className="wizard-key-icon" aria-hidden="true" />
                  <KeyFingerprint info={status.signingKey} />
                  <p className="wizard-key-hint">
                    请把指纹抄下来报给县人大常委会备案，以后也可以在“设置”中查看。
                  </p>
                </div>
              )}
              <div className="wizard-done-actions">
                <Button type="primary" size="large" autoFocus onClick={onFinish}>
                  进入工作台
                </Button>
              </div>
            </div>
          )}
        </Card>
      </main>
    </div>
  );
}
