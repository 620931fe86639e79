import { useState } from 'react';
import { App, Button, Card } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { ApiError, errorMessage, stationInput, useMutate, type Station, type StationInput } from '../../api';
import { StationDescriptions } from '../../components/StationDescriptions';
import { StationFields } from '../../components/StationFields';
import { isStationField, stationValues, STATION_FIELD_ORDER } from '../../lib/station-fields';
import { SaveProblem } from '../../components/SaveProblem';
import { useRole } from '../../lib/session';

/** 本站信息: shown, and edited by the administrator with the contract's own schema. */
export function StationCard({ station }: { station: Station }) {
  const [editing, setEditing] = useState(false);
  const isAdmin = useRole() === 'admin';
  return (
    <Card
      title="本站信息"
      className="section-card"
      data-testid="settings-station"
      extra={
        !editing &&
        isAdmin && (
          <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            修改本站信息
          </Button>
        )
      }
    >
      {editing ? (
        <StationEditForm station={station} onDone={() => setEditing(false)} />
      ) : (
        <StationDescriptions station={station} />
      )}
    </Card>
  );
}

function StationEditForm({ station, onDone }: { station: Station; onDone: () => void }) {
  const { message } = App.useApp();
  const update = useMutate('station.update');
  const [formError, setFormError] = useState<string | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isDirty },
  } = useForm<StationInput>({
    resolver: zodResolver(stationInput),
    defaultValues: stationValues(station),
    mode: 'onTouched',
  });

  const save = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await update.mutateAsync(values);
      void message.success('本站信息已保存');
      onDone();
    } catch (error) {
      if (error instanceof ApiError && isStationField(error.field)) {
        setError(error.field, { type: 'server', message: error.message }, { shouldFocus: true });
      } else {
        setFormError(errorMessage(error));
      }
    }
  });

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <StationFields
        idPrefix="settings"
        control={control}
        errors={errors}
        setFocus={setFocus}
        fields={STATION_FIELD_ORDER}
        onLastEnter={() => void save()}
        autoFocus="code"
      />
      {formError && <SaveProblem message={formError} />}
      <div className="form-actions">
        <Button size="large" onClick={onDone} disabled={update.isPending}>
          取消
        </Button>
        <Button type="primary" size="large" htmlType="submit" loading={update.isPending} disabled={!isDirty}>
          保存
        </Button>
      </div>
    </form>
  );
}
