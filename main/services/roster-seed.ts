import { insertSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import { deputyInput, type DEPUTY_LEVELS } from '../api/contract';
import { writeTransaction } from './context';
import { insertDeputy } from './roster';
import type { Seeder } from './seed';
import { seededRandom } from './seeded-random';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常';
const MALE_GIVEN = [
  '建国',
  '国强',
  '志强',
  '伟',
  '军',
  '勇',
  '俊杰',
  '海涛',
  '明',
  '文华',
  '春生',
  '永红',
  '德明',
  '立新',
  '卫东',
  '建华',
  '宏伟',
  '振华',
  '学军',
  '小龙',
  '家乐',
  '浩然',
  '子轩',
  '宇航',
];
const FEMALE_GIVEN = [
  '秀英',
  '桂英',
  '丽',
  '敏',
  '静',
  '丽娟',
  '秀兰',
  '海燕',
  '春梅',
  '红霞',
  '晓燕',
  '玉兰',
  '美玲',
  '雪梅',
  '婷婷',
  '欣怡',
  '佳琪',
  '慧敏',
  '小红',
  '淑芬',
];
const ETHNIC_MINORITY = ['回族', '满族', '畲族', '土家族', '壮族', '苗族'];
const POLITICS = [
  '中共党员',
  '中共党员',
  '中共党员',
  '群众',
  '群众',
  '民盟盟员',
  '民建会员',
  '农工党党员',
  '无党派人士',
];
const EDUCATION = ['大学本科', '大专', '高中', '中专', '研究生', '初中'];
const VILLAGES = [
  '桃源',
  '柳溪',
  '青石',
  '下湾',
  '东岭',
  '南山',
  '白沙',
  '上塘',
  '新桥',
  '梅林',
  '双溪',
  '枫树',
];
const POSTS = [
  (v: string) => `${v}村党支部书记、村委会主任`,
  (v: string) => `${v}村村委会委员`,
  () => '莲花镇卫生院院长',
  () => '莲花镇中心小学教师',
  (v: string) => `${v}种植专业合作社理事长`,
  (v: string) => `${v}家庭农场负责人`,
  () => '青山县莲花食品有限公司总经理',
  () => '莲花镇农业综合服务中心主任',
  (v: string) => `${v}村村医`,
  () => '青山县鑫达机械厂车间主任',
  (v: string) => `${v}村妇联主席`,
  () => '个体工商户',
];
const GROUPS = ['第一代表小组', '第二代表小组', '第三代表小组', '第四代表小组'];

type Level = (typeof DEPUTY_LEVELS)[number];

export const deputiesSeeder: Seeder = {
  name: 'deputies',
  description: '代表名册：常见姓名、单位职务、层级与代表小组',
  options: [{ flag: 'deputies', description: '要生成的代表人数', default: 40 }],
  async run(ctx, sizes, progress) {
    const count = sizes.deputies ?? 40;
    if (count === 0) return { name: 'deputies', created: {} };
    const rand = seededRandom(20261123);
    const pickOf = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const created = await writeTransaction(ctx, async (trx, meta) => {
      const existing = await trx
        .selectFrom('deputy_groups')
        .select(['id', 'name'])
        .where('deleted_at', 'is', null)
        .execute();
      const groupIds = new Map(existing.map((g) => [g.name, g.id]));
      let groups = 0;
      for (const name of GROUPS) {
        if (groupIds.has(name)) continue;
        const id = uuidv7();
        await insertSynced(trx, 'deputy_groups', { id, name }, meta);
        groupIds.set(name, id);
        groups++;
      }
      const { n } = await trx
        .selectFrom('deputies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      let cardSerial = Number(n) + 1;
      for (let i = 0; i < count; i++) {
        const male = rand() < 0.62;
        const name = pickOf(SURNAMES.split('')) + pickOf(male ? MALE_GIVEN : FEMALE_GIVEN);
        const village = pickOf(VILLAGES);
        const r = rand();
        const levels: Level[] = r < 0.7 ? ['乡镇'] : r < 0.92 ? ['县', '乡镇'] : ['市', '县'];
        const year = 1958 + Math.floor(rand() * 40);
        const month = 1 + Math.floor(rand() * 12);
        const day = 1 + Math.floor(rand() * 28);
        const hasCard = rand() < 0.6;
        const phone = `1${pickOf(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
        const values = deputyInput.parse({
          name,
          gender: male ? '男' : '女',
          ethnicity: rand() < 0.9 ? '汉族' : pickOf(ETHNIC_MINORITY),
          birthDate:
            rand() < 0.5
              ? `${year}-${String(month).padStart(2, '0')}`
              : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          politicalAffiliation: pickOf(POLITICS),
          education: pickOf(EDUCATION),
          workplacePost: pickOf(POSTS)(village),
          levels,
          term: levels.includes('县') ? '青山县第十八届' : '莲花镇第十九届',
          cardNumber: hasCard ? `QS18-${String(cardSerial++).padStart(4, '0')}` : '',
          constituency: `第${1 + Math.floor(rand() * 12)}选区（${village}村）`,
          groupId: groupIds.get(pickOf(GROUPS)) ?? null,
          phone,
          address: `青山县莲花镇${village}村${1 + Math.floor(rand() * 80)}号`,
          bio: '',
          stationRole: i === 0 ? '站长' : i === 1 ? '副站长' : i === 2 ? '联络员' : '进站代表',
        });
        await insertDeputy(trx, values, meta);
      }
      return { deputy_groups: groups, deputies: count };
    });
    progress(`已生成 ${count} 位代表`);
    return { name: 'deputies', created };
  },
};
