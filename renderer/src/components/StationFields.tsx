import type { KeyboardEvent } from 'react';
import { Col, Form, Input, Row } from 'antd';
import { Controller, type Control, type FieldErrors, type UseFormSetFocus } from 'react-hook-form';
import type { StationInput } from '../api';
import { STATION_FIELDS, type StationField } from '../lib/station-fields';

interface Props {
  control: Control<StationInput>;
  errors: FieldErrors<StationInput>;
  setFocus: UseFormSetFocus<StationInput>;
  fields: StationField[];
  /** Enter in the last field: go on (next step or save). */
  onLastEnter: () => void;
  /** The field that takes the cursor when the form appears. */
  autoFocus?: StationField;
  idPrefix: string;
}

/** True for Enter that is not an input method committing its text. */
function isPlainEnter(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.nativeEvent.isComposing && event.keyCode !== 229;
}

/**
 * The station's fields, laid out for reading at a distance. Enter moves to the next field,
 * and in the last one goes on, as clerks used to paper-like forms expect.
 */
export function StationFields({
  control,
  errors,
  setFocus,
  fields,
  onLastEnter,
  autoFocus,
  idPrefix,
}: Props) {
  return (
    <Form layout="vertical" component={false} requiredMark={false}>
      <Row gutter={28}>
        {fields.map((name, index) => {
          const spec = STATION_FIELDS[name];
          const id = `${idPrefix}-${name}`;
          const error = errors[name]?.message;
          const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
            if (!isPlainEnter(event)) return;
            event.preventDefault();
            const next = fields[index + 1];
            if (next) setFocus(next);
            else onLastEnter();
          };
          return (
            <Col key={name} xs={24} md={spec.half ? 12 : 24}>
              <Form.Item
                label={spec.label}
                htmlFor={id}
                validateStatus={error ? 'error' : undefined}
                help={error}
                extra={error ? undefined : spec.hint}
              >
                <Controller
                  control={control}
                  name={name}
                  render={({ field }) => (
                    <Input
                      {...field}
                      id={id}
                      size="large"
                      placeholder={spec.placeholder}
                      autoFocus={autoFocus === name}
                      autoComplete="off"
                      aria-invalid={error ? true : undefined}
                      className={spec.mono ? 'input-mono' : undefined}
                      onKeyDown={onKeyDown}
                    />
                  )}
                />
              </Form.Item>
            </Col>
          );
        })}
      </Row>
    </Form>
  );
}
