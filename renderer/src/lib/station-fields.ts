import { stationInput, type StationInput } from '../../../main/api/contract';

export type StationField = keyof StationInput;

export interface StationFieldSpec {
  name: StationField;
  /** The label the schema gives the field, so form and error messages use the same words. */
  label: string;
  placeholder: string;
  hint?: string;
  /** Half width (two fields a row) or the full width. */
  half?: boolean;
  mono?: boolean;
}

const label = (name: StationField): string => stationInput.shape[name].description ?? name;

export const STATION_FIELDS: Record<StationField, StationFieldSpec> = {
  code: {
    name: 'code',
    label: label('code'),
    placeholder: '例如 LHX-001',
    hint: '县里分配的编码，如 LHX-001',
    half: true,
    mono: true,
  },
  name: { name: 'name', label: label('name'), placeholder: '例如 莲花镇人大代表联络站', half: true },
  township: { name: 'township', label: label('township'), placeholder: '例如 莲花镇', half: true },
  county: { name: 'county', label: label('county'), placeholder: '例如 青山县', half: true },
  address: { name: 'address', label: label('address'), placeholder: '例如 青山县莲花镇人民路18号' },
  phone: {
    name: 'phone',
    label: label('phone'),
    placeholder: '例如 0571-88886666',
    hint: '群众打来咨询的电话，会印在公示牌上',
    half: true,
  },
  openingHours: {
    name: 'openingHours',
    label: label('openingHours'),
    placeholder: '例如 每周三上午9:00—11:30',
    half: true,
  },
};

export const STATION_FIELD_ORDER: StationField[] = [
  'code',
  'name',
  'township',
  'county',
  'address',
  'phone',
  'openingHours',
];

export const EMPTY_STATION: StationInput = {
  code: '',
  name: '',
  township: '',
  county: '',
  address: '',
  phone: '',
  openingHours: '',
};

export function isStationField(field: string | undefined): field is StationField {
  return field !== undefined && (STATION_FIELD_ORDER as string[]).includes(field);
}

/** Only the fields the form edits (a Station carries id and times as well). */
export function stationValues(station: StationInput): StationInput {
  return Object.fromEntries(STATION_FIELD_ORDER.map((name) => [name, station[name]])) as StationInput;
}
