export { ApiError, call, errorMessage, onLocked, takeTokenFromUrl } from './client';
export { callKey, useCall, useMutate } from './hooks';
export type {
  AuditChainReport,
  AuditEntry,
  CallInput,
  CallName,
  CallOutput,
  HomeSummary,
  SigningKeyInfo,
  Station,
  StationInput,
  StationStatus,
} from '../../../main/api/contract';
export { stationInput } from '../../../main/api/contract';
export type {
  Deputy,
  DeputyDetail,
  DeputyFile,
  DeputyInput,
  ImportPreview,
} from '../../../main/api/contract';
export {
  deputyEditableFields,
  deputyInput,
  DEPUTY_LEVELS,
  DEPUTY_STATUSES,
  ETHNICITIES,
  GENDERS,
  STATION_ROLES,
} from '../../../main/api/contract';
export type {
  HandleInput,
  ReceptionDetail,
  ReceptionInput,
  ReceptionListItem,
  ReceptionSettings,
  VisitorInput,
} from '../../../main/api/contract';
export {
  ANSWER_METHODS,
  contract,
  DISPOSITIONS,
  handleInput,
  PHONE_PATTERN,
  RECEPTION_CHANNELS,
  RECEPTION_COUNT_CAP,
  RECEPTION_STATUSES,
  receptionInput,
  receptionSettingsInput,
  receptionUpdateInput,
  SATISFACTION_LEVELS,
} from '../../../main/api/contract';
export type {
  AttendanceFigures,
  DutyAssignment,
  DutyAttendance,
  DutyPlanResult,
  DutyRule,
  DutyRuleInput,
  DutySlot,
  HolidayYear,
} from '../../../main/api/contract';
export { DUTY_RULE_KINDS, dutyRuleInput, WEEKDAY_NAMES } from '../../../main/api/contract';
