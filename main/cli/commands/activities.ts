import { type Command } from '../command';

// Skeleton: `station-desk activities list` and `station-desk plan list` (issue 7).
export const activitiesCommand: Command = {
  name: 'activities',
  summary: 'the activity records (活动记录) of a period',
  usage: 'station-desk activities list --data DIR [--from DATE] [--to DATE] [--json]',
  options: { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  run() {
    throw new Error('not implemented');
  },
};

export const planCommand: Command = {
  name: 'plan',
  summary: 'the annual activity plan (年度活动计划) of a year',
  usage: 'station-desk plan list --data DIR --year Y [--json]',
  options: { data: { type: 'string' }, year: { type: 'string' } },
  run() {
    throw new Error('not implemented');
  },
};
