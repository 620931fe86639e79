import type { StationInput } from '../api/contract';
import type { ServiceContext } from './context';
import { getStation, setUpStation } from './station';
import { activitiesSeeder } from './activity-seed';
import { dutySeeder } from './duty-seed';
import { deputiesSeeder } from './roster-seed';
import { receptionsSeeder } from './reception-seed';

/**
 * `station-desk seed`: fills a data folder with realistic demo data. Each area registers one
 * seeder with its own size flags (e.g. the roster adds `--deputies 200`); they run in order.
 */
export interface SeedOption {
  /** Flag name without dashes, e.g. "deputies". */
  flag: string;
  description: string;
  default: number;
}

export interface Seeder {
  name: string;
  description: string;
  options: SeedOption[];
  run(
    ctx: ServiceContext,
    sizes: Record<string, number>,
    progress: (message: string) => void,
  ): Promise<SeedReport>;
}

export interface SeedReport {
  name: string;
  created: Record<string, number>;
}

export const DEMO_STATION: StationInput = {
  code: 'DEMO-001',
  name: '莲花镇人大代表联络站',
  township: '莲花镇',
  county: '青山县',
  address: '青山县莲花镇人民路18号便民服务中心二楼',
  phone: '0571-88886666',
  openingHours: '每周三上午9:00—11:30，下午14:30—17:00',
};

const stationSeeder: Seeder = {
  name: 'station',
  description: '示例站点（尚未设置时）',
  options: [],
  async run(ctx, _sizes, progress): Promise<SeedReport> {
    if (await getStation(ctx)) {
      progress('本站已设置，保留现有站点信息');
      return { name: 'station', created: {} };
    }
    await setUpStation(ctx, DEMO_STATION);
    progress(`已创建示例站点：${DEMO_STATION.name}`);
    return { name: 'station', created: { station: 1 } };
  },
};

export const SEEDERS: Seeder[] = [
  stationSeeder,
  deputiesSeeder,
  dutySeeder,
  activitiesSeeder,
  receptionsSeeder,
];

export async function runSeeders(
  ctx: ServiceContext,
  sizes: Record<string, number>,
  progress: (message: string) => void,
): Promise<SeedReport[]> {
  const reports: SeedReport[] = [];
  for (const seeder of SEEDERS) reports.push(await seeder.run(ctx, sizes, progress));
  return reports;
}
