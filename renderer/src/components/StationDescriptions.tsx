import { Descriptions } from 'antd';
import type { Station } from '../api';
import { STATION_FIELDS, STATION_FIELD_ORDER } from '../lib/station-fields';

/** The station's details as label–value pairs, in the order of the form. */
export function StationDescriptions({ station }: { station: Station }) {
  return (
    <Descriptions
      className="station-descriptions"
      column={{ xs: 1, md: 2 }}
      items={STATION_FIELD_ORDER.map((name) => ({
        key: name,
        label: STATION_FIELDS[name].label,
        children: <span data-field={name}>{station[name]}</span>,
        span: name === 'address' || name === 'name' ? 'filled' : 1,
      }))}
    />
  );
}
