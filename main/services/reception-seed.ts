import { randomBytes } from 'node:crypto';
import { auditRowHash } from '../../db/audit';
import { DEFAULT_TIME_ZONE, isoInZone } from '../../db/time';
import { DEFAULT_RECEPTION_CATEGORIES, type DISPOSITIONS, type RECEPTION_CHANNELS } from '../api/contract';
import type { ServiceContext } from './context';
import { deputiesSeeder } from './roster-seed';
import { clip } from './receptions';
import { searchDocument } from './search-text';
import type { Seeder, SeedReport } from './seed';
import { seededRandom } from './seeded-random';
import { slotHolds } from './duty';

/**
 * `station-desk seed --receptions N`: a reception log that looks like ten years of a township
 * station — denser in recent years, mostly walk-in visits on weekdays, a handful of categories
 * dominating, matters in the visitors' own words, handled, chased, answered and sometimes
 * reopened, and a few recent ones left overdue.
 *
 * It writes the rows the reception service writes (same columns, per-year numbering, the
 * denormalised visitor columns, the search document from search-text.ts, a rev on every row and
 * an audit row per reception on the hash chain of db/audit.ts), but with raw prepared
 * statements in large transactions: a million receptions take minutes, not hours.
 */

type Channel = (typeof RECEPTION_CHANNELS)[number];
type Disposition = (typeof DISPOSITIONS)[number];

/** UUIDv7 for a given time, from a pooled random buffer (randomBytes per id is the slow part). */
function uuidFactory(): (ms: number) => string {
  let pool = randomBytes(16 * 4096);
  let offset = 0;
  const hex: string[] = [];
  for (let i = 0; i < 256; i++) hex.push(i.toString(16).padStart(2, '0'));
  return (ms) => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(16 * 4096);
      offset = 0;
    }
    const t = Math.floor(ms).toString(16).padStart(12, '0');
    const b = pool;
    const o = offset;
    offset += 10;
    return (
      `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex[b[o]! & 0x0f]!.slice(1)}${hex[b[o + 1]!]}-` +
      `${hex[(b[o + 2]! & 0x3f) | 0x80]}${hex[b[o + 3]!]}-` +
      `${hex[b[o + 4]!]}${hex[b[o + 5]!]}${hex[b[o + 6]!]}${hex[b[o + 7]!]}${hex[b[o + 8]!]}${hex[b[o + 9]!]}`
    );
  };
}

// ---------------------------------------------------------------------------------------
// Word pools

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常'.split(
    '',
  );
const MALE_GIVEN =
  '建国 国强 志强 伟 军 勇 俊杰 海涛 明 文华 春生 永红 德明 立新 卫东 建华 宏伟 振华 学军 小龙 家乐 浩然 子轩 宇航 长根 水生 福生 金龙 土根 根宝 新民 荣华 德胜 家明 志刚 红兵 爱国 光辉 双喜 有才'.split(
    ' ',
  );
const FEMALE_GIVEN =
  '秀英 桂英 丽 敏 静 丽娟 秀兰 海燕 春梅 红霞 晓燕 玉兰 美玲 雪梅 婷婷 欣怡 佳琪 慧敏 小红 淑芬 彩凤 月娥 金花 翠萍 素珍 凤英 玉珍 巧云 菊香 爱华'.split(
    ' ',
  );
const VILLAGES = '桃源 柳溪 青石 下湾 东岭 南山 白沙 上塘 新桥 梅林 双溪 枫树 石门 荷塘 长岗 杨家湾'.split(
  ' ',
);
const COMMUNITIES = '人民路 荷花 新街 滨河 莲湖'.split(' ');
const STAFF = ['周晓琳', '陈志明', '王丽华', '刘建平', '孙梦洁', '赵红梅'];
const ROADS = ['村道', '机耕路', '通组公路', '莲花大道', '桃源路', '老街', '环镇路', '进村公路'];
const TOWN_UNITS = [
  '莲花镇人民政府',
  '莲花镇农业农村办公室',
  '莲花镇社会事务办公室',
  '莲花镇综合行政执法队',
  '莲花镇村镇建设办公室',
  '莲花镇平安办',
];
const COUNTY_UNITS: Record<string, string[]> = {
  乡村振兴: ['青山县农业农村局', '青山县水利局', '青山县自然资源和规划局'],
  城乡建设: ['青山县住房和城乡建设局', '青山县自然资源和规划局'],
  环境卫生: ['青山县生态环境局', '青山县城市管理局'],
  社会保障: ['青山县民政局', '青山县医疗保障局', '青山县人力资源和社会保障局'],
  教育医疗: ['青山县教育局', '青山县卫生健康局', '青山县医疗保障局'],
  劳动就业: ['青山县人力资源和社会保障局', '青山县劳动保障监察大队'],
  交通出行: ['青山县交通运输局', '青山县公安局交通警察大队'],
  安全生产: ['青山县应急管理局', '青山县市场监督管理局'],
  营商环境: ['青山县市场监督管理局', '青山县行政审批局', '青山县发展和改革局'],
  矛盾纠纷: ['青山县司法局', '莲花镇人民调解委员会'],
  其他: ['青山县信访局', '青山县人民政府办公室'],
};

/** Weighted choice over [item, weight] pairs. */
function weighted<T>(pairs: [T, number][]): (r: number) => T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of pairs) cum.push((acc += w / total));
  return (r) => {
    for (let i = 0; i < cum.length; i++) if (r < cum[i]!) return pairs[i]![0];
    return pairs[pairs.length - 1]![0];
  };
}

const CHANNEL = weighted<Channel>([
  ['来访', 52],
  ['电话', 21],
  ['走访', 13],
  ['信件', 6],
  ['网络', 8],
]);
const CATEGORY_WEIGHTS: Record<string, number> = {
  乡村振兴: 10,
  城乡建设: 14,
  环境卫生: 12,
  社会保障: 14,
  教育医疗: 11,
  劳动就业: 8,
  交通出行: 10,
  安全生产: 4,
  营商环境: 4,
  矛盾纠纷: 8,
  其他: 5,
};
const SATISFACTION = weighted<string>([
  ['满意', 64],
  ['基本满意', 26],
  ['不满意', 6],
  ['未表态', 4],
]);
const ANSWER_METHOD = weighted<string>([
  ['电话', 50],
  ['当面', 25],
  ['上门', 12],
  ['短信', 8],
  ['书面', 5],
]);

/** Fills {v} village, {c} community, {r} road, {n} a small number, {m} months, {w} money. */
interface Matter {
  title: string;
  matter: string;
  answer: string;
}
type Template = (f: Fill) => Matter;
interface Fill {
  v: string;
  c: string;
  r: string;
  n: number;
  m: number;
  w: number;
  pick<T>(list: readonly T[]): T;
}

const TEMPLATES: Record<string, Template[]> = {
  乡村振兴: [
    (f) => ({
      title: `${f.v}村灌溉水渠年久失修`,
      matter: `我们${f.v}村${f.n}组的灌溉水渠是七十年代修的，渠底渗漏严重，去年夏天${f.n * 10}多亩水稻差点断水。今年春耕马上要开始了，希望政府能安排资金把水渠硬化一下，再把进水口的闸门换掉。`,
      answer: `经镇农业农村办实地查看，${f.v}村水渠已列入今年高标准农田建设项目，渠道硬化${f.n * 100}米和闸门更换已在春耕前完工，放水正常。`,
    }),
    (f) => ({
      title: `${f.v}村土地流转租金拖欠`,
      matter: `${f.v}村${f.n}组有${f.n + 10}户把承包地流转给了种植大户，合同写明每年年底付租金，现在已经拖了${f.m}个月没给，大户说等补贴下来再付。我们找过村里几次都没有结果，请代表帮忙问一问。`,
      answer: `经镇农业农村办协调，流转大户已与村委会签订还款计划，拖欠的土地流转租金已分两次全部付清，今后租金由村集体代收代付。`,
    }),
    (f) => ({
      title: `希望扶持${f.v}村茶叶合作社`,
      matter: `我们${f.v}村的高山茶品质不错，但是没有统一品牌，每年都是茶贩子上门压价收购。合作社想建一个加工厂房，申请产业扶持资金不知道找哪个部门，希望代表帮忙指个路子。`,
      answer: `镇农业农村办已上门指导合作社申报县级农业产业化扶持项目，项目已获批补助资金${f.w}万元，加工厂房于年内开工。`,
    }),
    (f) => ({
      title: `${f.v}村农田被野猪糟蹋`,
      matter: `最近半年野猪经常下山，${f.v}村${f.n}组的玉米、红薯被拱了一大片，损失很大，晚上守夜也守不住。请问能不能组织捕猎，种植户的损失有没有补偿。`,
      answer: `县林业部门已组织专业狩猎队在${f.v}村一带开展野猪种群调控，受损农户已按农业保险理赔，村里加装了防护围栏。`,
    }),
  ],
  城乡建设: [
    (f) => ({
      title: `${f.c}社区老旧小区加装电梯`,
      matter: `${f.c}社区${f.n}幢是九十年代的老房子，六层楼没有电梯，住的大多是七八十岁的老人，上下楼非常困难。大家愿意出一部分钱，希望政府按政策给补贴，帮忙协调低层住户的意见。`,
      answer: `住建部门已将${f.c}社区${f.n}幢列入老旧小区改造计划，加装电梯补助每台${f.w}万元，社区已召开居民协商会，低层住户同意签字，电梯已开工。`,
    }),
    (f) => ({
      title: `${f.v}村危房改造申请迟迟未批`,
      matter: `我家住在${f.v}村${f.n}组，房子是土坯房，墙体已经开裂，下雨天漏水。去年就交了危房改造申请，到现在还没有人来鉴定，家里老人住着很担心。`,
      answer: `镇村镇建设办已组织房屋安全鉴定，鉴定为C级危房，已纳入农村危房改造，补助资金${f.w}万元已拨付，维修加固已完成。`,
    }),
    (f) => ({
      title: `${f.c}社区路灯不亮`,
      matter: `${f.c}社区${f.r}那一段有${f.n + 3}盏路灯坏了快两个月，晚上黑漆漆的，老人和学生走路不安全，前几天还有人摔倒。打过物业电话，说不归他们管。`,
      answer: `镇综合行政执法队已联系路灯维护单位，${f.r}段损坏的路灯已全部更换，今后纳入每月巡查。`,
    }),
    (f) => ({
      title: `${f.v}村自来水水压不足`,
      matter: `${f.v}村地势高，自来水一到早上和傍晚用水高峰就没水，水压很低，洗衣做饭都要等到半夜。村民希望装一个加压泵或者换一根粗一点的水管。`,
      answer: `县水务公司已在${f.v}村新建加压泵站一座，更换主管${f.n * 200}米，经回访高峰时段供水正常。`,
    }),
  ],
  环境卫生: [
    (f) => ({
      title: `${f.v}村垃圾清运不及时`,
      matter: `${f.v}村${f.n}组的垃圾收集点已经半个多月没人清运，天气热了以后臭味很大，蚊蝇多，旁边住的老人小孩都受不了。希望镇里督促保洁公司按时清运，再加几个垃圾桶。`,
      answer: `镇综合行政执法队约谈保洁公司，${f.v}村垃圾已清运完毕，清运频次调整为每天一次，新增垃圾桶${f.n + 4}个。`,
    }),
    (f) => ({
      title: `养殖场污水排进${f.v}溪`,
      matter: `${f.v}村上游有一家养猪场，晚上偷偷往溪里排污水，溪水发黑发臭，下游的鱼都死了，村民洗衣灌溉都不敢用。反映过好几次，白天去查又看不出来。`,
      answer: `生态环境部门夜间突击检查，查实该养殖场偷排，已立案处罚并责令建设污水处理设施，溪水经监测已达标。`,
    }),
    (f) => ({
      title: `${f.c}社区餐馆油烟扰民`,
      matter: `${f.c}社区临街新开了几家烧烤店，油烟直接往居民楼里排，晚上吵到十二点以后，楼上住户窗户都不敢开。希望有关部门管一管，要求装油烟净化器。`,
      answer: `执法队已责令${f.n}家烧烤店安装油烟净化设施并限定营业时间，经回访油烟和噪声问题明显改善。`,
    }),
    (f) => ({
      title: `${f.v}村公厕无人保洁`,
      matter: `${f.v}村新建的公共厕所建好以后没人管，门坏了、水龙头也坏了，里面脏得没法用，赶集的时候人多更麻烦。请落实保洁人员。`,
      answer: `村委会已聘请专职保洁员一名，公厕门窗和水龙头已维修，镇里每月检查一次。`,
    }),
  ],
  社会保障: [
    (f) => ({
      title: `申请低保被退回`,
      matter: `我家在${f.v}村，老伴去年中风瘫痪在床，儿子在外打工收入不高，家里看病花了${f.w}万多。申请低保时村里说我家有一辆旧面包车，不符合条件，把材料退回来了。这辆车早就不能开了，请帮忙再核实一下。`,
      answer: `镇社会事务办入户核查，面包车已报废，家庭人均收入低于低保标准，已按程序纳入最低生活保障，从下月起按月发放低保金。`,
    }),
    (f) => ({
      title: `城乡居民医保报销比例疑问`,
      matter: `我今年在县医院住院做手术花了${f.w}万元，医保只报了一半多一点，听说别人报得多。想问清楚城乡居民医保的报销比例和大病保险怎么申请。`,
      answer: `县医疗保障局已当面解释城乡居民医保政策，并为其办理大病保险二次报销，追加报销${f.n * 1000}元，已打到社保卡。`,
    }),
    (f) => ({
      title: `高龄津贴停发`,
      matter: `我父亲今年${80 + f.n}岁，住在${f.v}村，高龄津贴一直是每月打到卡上的，最近${f.m}个月没有收到了。去问村里，说是系统里信息不对，要去县里改。老人行动不便，请帮忙处理。`,
      answer: `县民政局核实系身份信息比对异常，已在系统中更正并补发停发期间的高龄津贴，今后按月正常发放。`,
    }),
    (f) => ({
      title: `养老保险缴费年限认定`,
      matter: `我八十年代在乡办企业上过${f.n + 5}年班，后来企业倒闭了。现在办退休，社保局说那几年的工龄没有记录，不能算缴费年限。我有当年的工资条和证明人，希望能认定。`,
      answer: `县人力资源和社会保障局调取档案并核实证明材料，已认定视同缴费年限${f.n + 5}年，养老金已重新核定。`,
    }),
  ],
  教育医疗: [
    (f) => ({
      title: `${f.v}村小学撤并后孩子上学远`,
      matter: `${f.v}村小学撤并以后，孩子要到镇上读书，单程${f.n + 4}公里，没有校车，家长每天接送很辛苦，下雨天路又滑。希望开通校车或者给走读的孩子安排寄宿。`,
      answer: `县教育局已开通${f.v}村至镇中心小学的校车线路，早晚各一班，低年级学生免费乘坐。`,
    }),
    (f) => ({
      title: `村卫生室缺医少药`,
      matter: `${f.v}村卫生室只有一个村医，年纪大了，常用的降压药、降糖药经常断货，老人要跑到镇卫生院去拿药。希望给村卫生室配齐常用药，再派个年轻医生。`,
      answer: `镇卫生院已与${f.v}村卫生室建立药品统一配送，常用慢病药品每周补货，每周派医生坐诊两天。`,
    }),
    (f) => ({
      title: `学校门口交通拥堵`,
      matter: `镇中心小学门口每天放学的时候，接孩子的电动车、汽车把路堵死了，${f.r}上车辆根本过不去，很危险。希望在学校门口划定接送区，安排交警或志愿者维护秩序。`,
      answer: `交警中队已在学校门口施划临时停车接送区，放学时段安排交警和家长志愿者值守，拥堵明显缓解。`,
    }),
    (f) => ({
      title: `家庭医生签约服务不到位`,
      matter: `我们签了家庭医生，说好每季度上门随访，可是一年了一次都没来过，打电话也没人接。家里有${f.n}个慢性病人，希望落实签约服务。`,
      answer: `镇卫生院已调整家庭医生团队，补做随访并建立健康档案，签约医生电话已公布到村。`,
    }),
  ],
  劳动就业: [
    (f) => ({
      title: `讨要拖欠工资`,
      matter: `我们${f.n + 5}个人在${f.v}村附近的工地干活，包工头拖欠了${f.m}个月的工资，一共${f.w}万多元，现在人找不到了。快过年了，家里等着这笔钱用，请代表帮我们讨回工资。`,
      answer: `劳动保障监察大队已立案，责令总承包单位从农民工工资保证金中先行垫付，拖欠工资已全部发放到个人银行卡。`,
    }),
    (f) => ({
      title: `希望提供就近就业培训`,
      matter: `村里留守妇女多，大家想学点手艺在家门口挣钱，比如电商、家政、月嫂。希望镇里组织免费的技能培训，帮忙联系就近的工厂。`,
      answer: `县人社局已在${f.v}村开设家政和电商培训班，${f.n * 10}人参加，结业后${f.n * 5}人在附近企业和家政公司就业。`,
    }),
    (f) => ({
      title: `企业未签劳动合同`,
      matter: `我在镇上一家服装厂上班${f.n + 1}年了，厂里一直不签劳动合同，也不交社保，受了工伤只给了一点医药费。想问问怎么维护自己的权益。`,
      answer: `劳动保障监察大队已检查该企业，责令补签劳动合同、补缴社会保险，工伤已申报认定。`,
    }),
  ],
  交通出行: [
    (f) => ({
      title: `${f.v}村${f.r}坑洼不平`,
      matter: `${f.v}村通往镇上的${f.r}坑坑洼洼，下雨天全是积水，拉农产品的三轮车经常翻，学生上学也不方便。这条道路已经好几年没修了，希望列入道路硬化计划。`,
      answer: `交通运输部门已将${f.v}村${f.r}纳入农村公路提升改造，${f.n}公里路面已重新硬化，并加装了防护栏。`,
    }),
    (f) => ({
      title: `希望开通${f.v}村公交`,
      matter: `${f.v}村离镇上${f.n + 6}公里，没有公交车，老人看病、赶集都要搭摩托车，又贵又不安全。希望开通一条城乡公交线路，哪怕一天两班也好。`,
      answer: `县交通运输局已开通莲花镇至${f.v}村的城乡公交，每天往返四班，老年人凭卡免费乘坐。`,
    }),
    (f) => ({
      title: `${f.r}路口缺少红绿灯`,
      matter: `${f.r}和环镇路交叉的路口车流量越来越大，没有红绿灯，也没有减速带，今年已经出了${f.n}起交通事故。请有关部门尽快装红绿灯。`,
      answer: `交警大队已在该路口安装信号灯和减速带，施划斑马线，事故隐患已消除。`,
    }),
    (f) => ({
      title: `${f.v}村危桥需要修复`,
      matter: `${f.v}村的石拱桥桥面开裂，栏杆也倒了，村民每天都要从桥上过，去年发大水以后更危险了。请尽快检测修复。`,
      answer: `县交通运输局已对该桥检测评定为危桥，已拆除重建，新桥已通车。`,
    }),
  ],
  安全生产: [
    (f) => ({
      title: `${f.v}村山体滑坡隐患`,
      matter: `${f.v}村${f.n}组后山去年下大雨的时候滑了一块，现在山上有裂缝，下面住着${f.n + 5}户人家。汛期快到了，大家很担心，希望派人来看看。`,
      answer: `自然资源部门已对该点位开展地质灾害调查，设立监测点并组织${f.n + 5}户在汛期搬迁避险，治理工程已完工。`,
    }),
    (f) => ({
      title: `小作坊违规存放液化气`,
      matter: `${f.c}社区有几家小作坊在居民楼下堆放液化气罐，还有人私拉电线给电动车充电，一旦起火后果不堪设想。`,
      answer: `应急管理部门会同消防救援大队检查，责令清理液化气罐、拆除私拉电线，小区已建设电动车集中充电棚。`,
    }),
  ],
  营商环境: [
    (f) => ({
      title: `小微企业贷款难`,
      matter: `我在镇上开了一家农产品加工厂，想扩大生产，去银行贷款要抵押，厂房是租的，贷不下来。听说有创业担保贷款，不知道怎么申请。`,
      answer: `县人社局和合作银行上门对接，已为企业办理创业担保贷款${f.w * 10}万元，财政贴息。`,
    }),
    (f) => ({
      title: `营业执照办理跑了好几趟`,
      matter: `我办营业执照和食品经营许可证，前后跑了${f.n + 2}趟县政务中心，每次都说材料不全，也不一次性告诉我缺什么。希望简化手续。`,
      answer: `县行政审批局已当面致歉，安排专人代办，证照已办结；窗口已实行一次性告知和镇便民服务中心代办。`,
    }),
  ],
  矛盾纠纷: [
    (f) => ({
      title: `宅基地界址纠纷`,
      matter: `我和邻居在${f.v}村${f.n}组的宅基地挨着，他家翻建房子的时候往我家这边多占了一米多，还把排水沟堵了。村里调解了两次没有结果，请代表帮忙主持公道。`,
      answer: `镇司法所和村调委会现场测量，依据确权登记图纸划定界址，双方签订调解协议，排水沟已疏通。`,
    }),
    (f) => ({
      title: `邻里排水纠纷`,
      matter: `${f.v}村邻居家在自家门口铺了水泥地，把原来的排水沟填掉了，一下雨水就往我家院子里灌，说了几次都不理。`,
      answer: `村调委会组织双方调解，邻居同意重新开挖排水沟并承担费用，已施工完毕。`,
    }),
    (f) => ({
      title: `山林承包合同纠纷`,
      matter: `${f.v}村集体的山林承包给外地老板，合同期还没到，老板就把林木砍了卖掉，也不交承包费，村民意见很大，要求收回。`,
      answer: `镇农业农村办和司法所核查合同，老板已补交承包费并补种林木，村集体依法解除合同，收回山林。`,
    }),
  ],
  其他: [
    (f) => ({
      title: `建议增设便民服务点`,
      matter: `${f.v}村离镇上远，老年人办社保卡、交医保都要跑镇里。建议在村里设一个便民服务点，每周有人来办理一次。`,
      answer: `镇便民服务中心已在${f.v}村设代办点，每周三上午有工作人员驻村办理社保、医保业务。`,
    }),
    (f) => ({
      title: `村务公开不及时`,
      matter: `${f.v}村的村务公开栏已经${f.m}个月没有更新了，集体土地征收补偿款怎么分的，村民都不清楚。要求公开账目。`,
      answer: `镇纪委和农经站对${f.v}村账目进行审查，征收补偿款分配方案和收支明细已在公开栏和村民群公示。`,
    }),
  ],
};

const REFERRALS = [
  '该纠纷已在法院诉讼中，依法不属于联络站受理范围，已告知其等待法院判决并可申请法律援助',
  '属于劳动争议，已告知向青山县劳动人事争议仲裁委员会申请仲裁，并告知地址和电话',
  '属于个人信访事项，已告知到青山县信访局反映，并提供接待时间和地址',
  '已进入行政复议程序，已告知其关注复议结果，对结果不服可依法提起行政诉讼',
  '属于民事借贷纠纷，已告知可向莲花镇人民调解委员会申请调解或向法院起诉',
];

const ON_THE_SPOT = [
  '代表当场讲解了相关政策和申请条件，告知其准备的材料和办理窗口，来访人表示清楚了',
  '工作人员当场查询了办理进度，已在系统中审核通过，本月底前到账',
  '代表当场联系了村委会主任，约定明天上午到现场处理',
  '当场解释了补贴发放的标准和时间，并帮助其填写了申请表',
];

interface Deputy {
  id: string;
  name: string;
}

const REMINDER_NOTES = [
  '电话催促承办单位抓紧办理',
  '承办单位称正在协调资金，已要求按期答复',
  '到承办单位当面了解进度',
  '发催办函，要求期限内书面答复',
];

interface SeedOptions {
  progress?: (message: string) => void;
  /** Deterministic content for tests; ids stay random. */
  seed?: number;
  now?: Date;
  /** Receptions per transaction. */
  batch?: number;
  /** Drop and rebuild the secondary indexes around the load (default: for large loads only). */
  rebuildIndexes?: boolean;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

const dates = new Map<number, string>();
function dateOf(localMs: number): string {
  const day = Math.floor(localMs / DAY);
  let d = dates.get(day);
  if (d === undefined) {
    d = new Date(day * DAY).toISOString().slice(0, 10);
    dates.set(day, d);
  }
  return d;
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/** Writes `count` receptions with their visitors, deputies, timeline, search rows and audit rows. */
export async function seedReceptions(
  ctx: ServiceContext,
  count: number,
  options: SeedOptions = {},
): Promise<SeedReport & { ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const progress = options.progress ?? (() => {});
  const sqlite = ctx.sqlite;
  const rand = seededRandom(options.seed ?? 20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const tz = ctx.timeZone || DEFAULT_TIME_ZONE;
  const now = options.now ?? new Date();

  let deputies = sqlite
    .prepare("SELECT id, name FROM deputies WHERE deleted_at IS NULL AND status = '在任' ORDER BY id")
    .all() as Deputy[];
  if (deputies.length === 0) {
    progress('名册中没有在任代表，先生成 40 位代表');
    await deputiesSeeder.run(ctx, { deputies: 40 }, progress);
    deputies = sqlite
      .prepare("SELECT id, name FROM deputies WHERE deleted_at IS NULL AND status = '在任' ORDER BY id")
      .all() as Deputy[];
  }
  // A few deputies receive far more visitors than others (the 站长, the village secretaries).
  const deputyWeights = deputies.map((_, i) => 1 / (1 + i * 0.15));
  const pickDeputy = weighted(deputies.map((d, i) => [d, deputyWeights[i]!] as [Deputy, number]));

  const categoriesSetting = DEFAULT_RECEPTION_CATEGORIES.filter((c) => TEMPLATES[c]);
  const pickCategory = weighted(
    categoriesSetting.map((c) => [c, CATEGORY_WEIGHTS[c] ?? 1] as [string, number]),
  );

  // Offsets per day (a zone with summer time changes them); Asia/Shanghai is +08:00 throughout.
  const offsetCache = new Map<number, { text: string; ms: number }>();
  const offsetFor = (localMs: number) => {
    const day = Math.floor(localMs / DAY);
    let o = offsetCache.get(day);
    if (!o) {
      const text = isoInZone(new Date(day * DAY + 4 * 3_600_000), tz).slice(-6);
      const sign = text.startsWith('-') ? -1 : 1;
      o = { text, ms: sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6))) * MINUTE };
      offsetCache.set(day, o);
    }
    return o;
  };
  const iso = (localMs: number) =>
    `${new Date(localMs).toISOString().slice(0, 23)}${offsetFor(localMs).text}`;
  const nowLocal = now.getTime() + offsetFor(now.getTime() + 8 * 3_600_000).ms;
  const today = dateOf(nowLocal);
  const todayStart = Math.floor(nowLocal / DAY) * DAY;
  const newId = uuidFactory();
  const idAt = (localMs: number) => newId(localMs - offsetFor(localMs).ms);

  // When: the last ten years, denser recently, weekdays, office hours; Wednesdays (the
  // reception day) busiest. Sorted, so numbers and revs follow time.
  const span = 3650;
  // Growing about 12% a year (more deputies in stations, more people who know of them): the
  // age in days is drawn from a truncated exponential, so the latest year holds about 16%.
  const k = Math.log(1.12) / 365;
  const tail = 1 - Math.exp(-k * span);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let day: number;
    for (;;) {
      day = todayStart - Math.floor(-Math.log(1 - rand() * tail) / k) * DAY;
      const weekday = new Date(day).getUTCDay();
      const keep = weekday === 0 || weekday === 6 ? 0.08 : weekday === 3 ? 1 : 0.45;
      if (rand() < keep) break;
    }
    const minute = rand() < 0.5 ? 510 + Math.floor(rand() * 180) : 840 + Math.floor(rand() * 180);
    let t = day + minute * MINUTE;
    if (t > nowLocal - 30 * MINUTE) t = nowLocal - 30 * MINUTE - Math.floor(rand() * 360) * MINUTE;
    // Visits are recorded to the minute, as the form takes them.
    times[i] = Math.floor(t / MINUTE) * MINUTE;
  }
  times.sort();

  // Numbering continues each year's sequence; num (the search rowid) continues the table's.
  const yearSeq = new Map<number, number>(
    (
      sqlite.prepare('SELECT year, max(year_seq) AS s FROM receptions GROUP BY year').all() as {
        year: number;
        s: number;
      }[]
    ).map((r) => [r.year, r.s]),
  );
  let num = (sqlite.prepare('SELECT coalesce(max(num), 0) AS n FROM receptions').get() as { n: number }).n;
  const state = sqlite.prepare('SELECT rev, audit_seq, audit_head FROM sync_state WHERE id = 1').get() as {
    rev: number;
    audit_seq: number;
    audit_head: string;
  };
  let rev = state.rev;
  let auditSeq = state.audit_seq;
  let auditHead = state.audit_head;
  const auditAt = isoInZone(now, tz);
  const actor = ctx.actor;

  const insReception = sqlite.prepare(`INSERT INTO receptions (num, id, year, year_seq, received_at, channel,
    category, title, matter, confidential, staff, visitor_names, visitor_phone, persons, status, disposition,
    unit, deadline, referral, suggestion_deputy_id, reply_date, reply_unit, reply_text, answer_date,
    answer_method, answer_text, satisfaction, reminders, duty_slot_id, rev, created_at, updated_at, deleted_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)`);
  const insVisitor = sqlite.prepare(`INSERT INTO reception_visitors (id, reception_id, position, name, gender,
    age, birth_year, phone, address, group_size, id_number, rev, created_at, updated_at, deleted_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,'',?,?,?,NULL)`);
  const insDeputy = sqlite.prepare(`INSERT INTO reception_deputies (id, reception_id, deputy_id, rev,
    created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?,NULL)`);
  const insEvent = sqlite.prepare(`INSERT INTO reception_events (id, reception_id, kind, date, actor, summary,
    detail, rev, created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?,?,?,?,?,NULL)`);
  const insSearch = sqlite.prepare('INSERT INTO reception_search (rowid, tokens) VALUES (?, ?)');
  const insAudit = sqlite.prepare(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, diff,
    prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)`);
  const saveState = sqlite.prepare(
    'UPDATE sync_state SET rev = ?, audit_seq = ?, audit_head = ? WHERE id = 1',
  );

  // Names repeat, so their pinyin (pinyin-pro is the slow part) is worked out once per name.
  // Texts repeat too (templates, addresses): their tokens are made once. The pieces joined
  // by spaces are exactly the service's searchDocument([title, matter, ...addresses], names).
  const textDocs = new Map<string, string>();
  const textDoc = (key: string) => {
    let d = textDocs.get(key);
    if (d === undefined) {
      d = searchDocument(key.split('\u0001'), []);
      if (textDocs.size > 400_000) textDocs.clear();
      textDocs.set(key, d);
    }
    return d;
  };
  const nameDocs = new Map<string, string>();
  const nameDoc = (name: string) => {
    let d = nameDocs.get(name);
    if (d === undefined) {
      d = searchDocument([], [name]);
      nameDocs.set(name, d);
    }
    return d;
  };

  // Returning visitors: a pool of regulars who come back (recognised by their phone).
  interface Person {
    name: string;
    gender: string;
    birthYear: number;
    phone: string;
    address: string;
  }
  const makePerson = (): Person => {
    const male = rand() < 0.58;
    const village = rand() < 0.75;
    const phone =
      rand() < 0.88
        ? `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`
        : rand() < 0.5
          ? `0571-8${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`
          : '';
    return {
      name: pick(SURNAMES) + pick(male ? MALE_GIVEN : FEMALE_GIVEN),
      gender: male ? '男' : '女',
      birthYear: 1935 + Math.floor(rand() * 70),
      phone,
      address: village
        ? `莲花镇${pick(VILLAGES)}村${1 + Math.floor(rand() * 12)}组`
        : `莲花镇${pick(COMMUNITIES)}社区${1 + Math.floor(rand() * 30)}幢`,
    };
  };
  const regulars = Array.from({ length: Math.max(20, Math.min(5000, Math.floor(count / 200))) }, makePerson);

  const counts = {
    receptions: 0,
    reception_visitors: 0,
    reception_deputies: 0,
    reception_events: 0,
    reception_search: 0,
    audit_log: 0,
    overdue: 0,
  };

  const fill: Fill = { v: '', c: '', r: '', n: 0, m: 0, w: 0, pick };

  // The duty slots (seeded just before), so a visit during one is linked to it as the app does.
  const slotsByDate = new Map<string, { id: string; start: string; end: string }[]>();
  for (const s of sqlite
    .prepare(
      `SELECT id, date, start_time AS start, end_time AS end FROM duty_slots
       WHERE deleted_at IS NULL ORDER BY start_time, rowid`,
    )
    .all() as { id: string; date: string; start: string; end: string }[]) {
    const list = slotsByDate.get(s.date) ?? [];
    list.push(s);
    slotsByDate.set(s.date, list);
  }
  const slotOf = (receivedAt: string): string | null =>
    slotsByDate.get(receivedAt.slice(0, 10))?.find((s) => slotHolds(s, receivedAt.slice(11, 16)))?.id ?? null;

  function one(receivedLocal: number, newest: boolean): void {
    const year = Number(dateOf(receivedLocal).slice(0, 4));
    const seq = (yearSeq.get(year) ?? 0) + 1;
    yearSeq.set(year, seq);
    num += 1;
    const receivedAt = `${iso(receivedLocal).slice(0, 16)}:00${offsetFor(receivedLocal).text}`;
    const id = idAt(receivedLocal);
    const channel = CHANNEL(rand());
    const category = pickCategory(rand());
    fill.v = pick(VILLAGES);
    fill.c = pick(COMMUNITIES);
    fill.r = pick(ROADS);
    fill.n = 1 + Math.floor(rand() * 9);
    fill.m = 2 + Math.floor(rand() * 10);
    fill.w = 2 + Math.floor(rand() * 20);
    const content = pick(TEMPLATES[category]!)(fill);
    const confidential = rand() < 0.03 ? 1 : 0;
    const clerk = pick(STAFF);
    const ageAtVisit = (birthYear: number) => year - birthYear;

    // Visitors: mostly one person; sometimes two or three; now and then a group of villagers.
    const nVisitors = rand() < 0.82 ? 1 : rand() < 0.7 ? 2 : 3;
    const visitors: (Person & { groupSize: number })[] = [];
    for (let v = 0; v < nVisitors; v++) {
      const p = rand() < 0.08 ? pick(regulars) : makePerson();
      const groupSize = v === 0 && channel === '来访' && rand() < 0.06 ? 3 + Math.floor(rand() * 25) : 1;
      visitors.push({ ...p, groupSize });
    }
    let persons = 0;
    for (const v of visitors) persons += v.groupSize;

    // Receivers: deputies on a visit; a phone call, letter or message may be taken by staff alone.
    const deskOnly = channel !== '来访' && channel !== '走访' && rand() < 0.5;
    const nDeputies = deskOnly ? 0 : rand() < 0.72 ? 1 : rand() < 0.8 ? 2 : 3;
    const receivers = new Set<Deputy>();
    while (receivers.size < Math.min(nDeputies, deputies.length)) receivers.add(pickDeputy(rand()));
    const staff = rand() < 0.85 || receivers.size === 0 ? [clerk] : [];

    // The timeline, in order; steps that would fall after now are not taken.
    interface Step {
      kind: string;
      at: number;
      summary: string;
      detail: string;
    }
    const steps: Step[] = [];
    const registeredAt = receivedLocal + (5 + Math.floor(rand() * 25)) * MINUTE;
    steps.push({
      kind: '登记',
      at: registeredAt,
      summary: `登记（${channel}）：${clip(content.title)}`,
      detail: JSON.stringify({ channel, category, title: content.title }),
    });
    let status = '登记';
    let disposition: Disposition | null = null;
    let unit = '';
    let deadline = '';
    let referral = '';
    let suggestionDeputy: string | null = null;
    let replyDate = '';
    let replyUnit = '';
    let replyText = '';
    let answerDate = '';
    let answerMethod = '';
    let answerText = '';
    let satisfaction = '';
    let reminders = 0;
    const dayAt = (dayLocal: number) => dayLocal + (9 * 60 + Math.floor(rand() * 480)) * MINUTE;
    const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;
    const past = (ms: number) => ms < nowLocal;

    const r = rand();
    const kind: Disposition =
      r < 0.28
        ? '当场答复'
        : r < 0.58
          ? '交办'
          : r < 0.78
            ? '转办'
            : r < 0.85
              ? '不予受理'
              : r < 0.9
                ? '转为代表建议'
                : '联合接待';
    // Registered in the last days: some still wait for a decision.
    // The latest few always are (the desk has something waiting for a decision).
    const waiting = newest || (nowLocal - receivedLocal < 3 * DAY && rand() < 0.5);
    const onTheSpotAt = registeredAt + (5 + Math.floor(rand() * 30)) * MINUTE;
    if (waiting) {
      // 登记 only.
    } else if (kind === '当场答复' || kind === '不予受理') {
      // Settled on the spot: what the visitor was told is the answer (as the service records it).
      if (past(onTheSpotAt)) {
        disposition = kind;
        status = '已反馈';
        answerDate = dateOf(onTheSpotAt);
        answerMethod = '当场';
        if (kind === '不予受理') {
          referral = pick(REFERRALS);
          answerText = referral;
          satisfaction = '未表态';
        } else {
          answerText = pick(ON_THE_SPOT);
          satisfaction = rand() < 0.7 ? '满意' : rand() < 0.8 ? '基本满意' : '未表态';
        }
        steps.push({
          kind,
          at: onTheSpotAt,
          summary:
            kind === '不予受理'
              ? `不予受理，已告知：${clip(answerText)}`
              : `当场答复（${satisfaction}）：${clip(answerText)}`,
          detail: JSON.stringify({ disposition: kind, text: answerText, satisfaction, note: '' }),
        });
      }
    } else {
      // Handed over within 10 days (mostly the next day or two), with a deadline.
      const handDay = dayStart(receivedLocal) + Math.floor(Math.pow(rand(), 2) * 8) * DAY;
      let handAt = Math.max(dayAt(handDay), registeredAt + 10 * MINUTE);
      let limitDays = kind === '交办' ? 15 : kind === '转办' ? 30 : kind === '联合接待' ? 20 : 90;
      if (rand() < 0.2) limitDays += 15;
      let suggestionName = '';
      if (kind === '转为代表建议') {
        const d = receivers.size ? [...receivers][0]! : pickDeputy(rand());
        suggestionDeputy = d.id;
        suggestionName = d.name;
        unit = `${d.name}（代表建议）`;
      } else if (kind === '交办') {
        unit = rand() < 0.3 ? `莲花镇${fill.v}村村民委员会` : pick(TOWN_UNITS);
      } else if (kind === '转办') {
        unit = pick(COUNTY_UNITS[category] ?? COUNTY_UNITS.其他!);
      } else {
        unit = `${pick(TOWN_UNITS)}、${pick(COUNTY_UNITS[category] ?? COUNTY_UNITS.其他!)}`;
      }
      // Who answers: the unit, or for a suggestion the county organ that handles it.
      const replyFrom =
        kind === '转为代表建议'
          ? pick(COUNTY_UNITS[category] ?? COUNTY_UNITS.其他!)
          : kind === '联合接待'
            ? unit.split('、')[0]!
            : unit;
      const suggestionWithoutDeadline = kind === '转为代表建议' && rand() < 0.5;
      // A handful never get a reply (overdue), more are late, most come back in time.
      const stuck = rand() < 0.004;
      const late = rand() < 0.15;
      let round = 0;
      while (round < 3 && past(handAt)) {
        round += 1;
        disposition = kind;
        status = '办理中';
        const deadlineMs = dayStart(handAt) + limitDays * DAY;
        deadline = suggestionWithoutDeadline ? '' : dateOf(deadlineMs);
        steps.push({
          kind,
          at: handAt,
          summary:
            kind === '转为代表建议'
              ? `转为代表建议：${suggestionName}代表${deadline ? `，期限 ${deadline}` : ''}`
              : `${kind}：${unit}，期限 ${deadline}`,
          detail:
            kind === '转为代表建议'
              ? JSON.stringify({ disposition: kind, deputyId: suggestionDeputy, deadline, note: '' })
              : JSON.stringify({ disposition: kind, unit, deadline, note: '' }),
        });
        if (stuck) break;
        const replyMs = late
          ? deadlineMs + (3 + Math.floor(rand() * 40)) * DAY
          : handAt + Math.floor((0.3 + rand() * 0.65) * (deadlineMs - handAt));
        const replyAt = dayAt(dayStart(Math.max(replyMs, handAt + DAY)));
        // Reminders when a reply is slow in coming.
        if (replyAt - handAt > 10 * DAY && rand() < 0.6) {
          const remindAt = dayAt(dayStart(handAt + Math.floor((replyAt - handAt) * 0.6)));
          if (remindAt > handAt && past(remindAt)) {
            reminders += 1;
            const note = pick(REMINDER_NOTES);
            steps.push({
              kind: '催办',
              at: remindAt,
              summary: `第${reminders}次催办（${unit}）：${note}`,
              detail: JSON.stringify({ reminders, unit, note }),
            });
          }
        }
        if (!past(replyAt)) break;
        replyDate = dateOf(replyAt);
        replyUnit = replyFrom;
        replyText = content.answer;
        status = '已办结';
        steps.push({
          kind: '办理答复',
          at: replyAt,
          summary: `${replyUnit}答复：${clip(replyText)}`,
          detail: JSON.stringify({ unit: replyUnit, text: replyText }),
        });
        steps.push({ kind: '办结', at: replyAt + MINUTE, summary: '办结，待反馈来访人', detail: '{}' });
        const answerAt = dayAt(dayStart(replyAt + (1 + Math.floor(rand() * 10)) * DAY));
        if (!past(answerAt)) break;
        answerDate = dateOf(answerAt);
        answerMethod = ANSWER_METHOD(rand());
        answerText = round > 1 ? `重新办理后：${content.answer}` : content.answer;
        satisfaction = round > 1 ? (rand() < 0.6 ? '基本满意' : '满意') : SATISFACTION(rand());
        status = '已反馈';
        steps.push({
          kind: '反馈',
          at: answerAt,
          summary: `反馈来访人（${answerMethod}），${satisfaction}：${clip(answerText, 40)}`,
          detail: JSON.stringify({ method: answerMethod, text: answerText, satisfaction }),
        });
        // Unsatisfied: most reopen; some accept that nothing more can be done (e.g. beyond policy).
        if (satisfaction !== '不满意' || rand() < 0.3) break;
        // Not satisfied: reopened, and handed over again with a new deadline.
        const reopenAt = dayAt(dayStart(answerAt + (1 + Math.floor(rand() * 5)) * DAY));
        if (!past(reopenAt)) break;
        status = '办理中';
        const reason = '来访人对办理结果不满意，要求进一步落实';
        steps.push({
          kind: '重新办理',
          at: reopenAt,
          summary: `重新办理：${reason}`,
          detail: JSON.stringify({ reason, previousStatus: '已反馈', satisfaction }),
        });
        handAt = reopenAt + (10 + Math.floor(rand() * 60)) * MINUTE;
        limitDays = 20;
      }
    }
    if (status === '办理中' && deadline !== '' && deadline < today) counts.overdue += 1;

    const lastAt = steps[steps.length - 1]!.at;
    const createdAt = iso(registeredAt);
    const updatedAt = iso(lastAt);
    const visitorNames = visitors.map((v) => v.name).join('、');

    rev += 1;
    insReception.run(
      num,
      id,
      year,
      seq,
      receivedAt,
      channel,
      category,
      content.title,
      content.matter,
      confidential,
      JSON.stringify(staff),
      visitorNames,
      visitors.find((v) => v.phone)?.phone ?? '',
      persons,
      status,
      disposition,
      unit,
      deadline,
      referral,
      suggestionDeputy,
      replyDate,
      replyUnit,
      replyText,
      answerDate,
      answerMethod,
      answerText,
      satisfaction,
      reminders,
      slotOf(receivedAt),
      rev,
      createdAt,
      updatedAt,
    );
    for (let v = 0; v < visitors.length; v++) {
      const p = visitors[v]!;
      const useAge = rand() < 0.55;
      rev += 1;
      insVisitor.run(
        idAt(registeredAt),
        id,
        v,
        p.name,
        p.gender,
        useAge ? Math.max(1, ageAtVisit(p.birthYear)) : null,
        useAge ? null : rand() < 0.85 ? p.birthYear : null,
        p.phone,
        p.address,
        p.groupSize,
        rev,
        createdAt,
        createdAt,
      );
    }
    for (const d of receivers) {
      rev += 1;
      insDeputy.run(idAt(registeredAt), id, d.id, rev, createdAt, createdAt);
    }
    for (const s of steps) {
      rev += 1;
      const at = iso(s.at);
      insEvent.run(idAt(registeredAt), id, s.kind, dateOf(s.at), clerk, s.summary, s.detail, rev, at, at);
    }
    let doc = textDoc(`${content.title}\u0001${content.matter}`);
    for (const v of visitors) doc += ` ${textDoc(v.address)}`;
    for (const v of visitors) doc += ` ${nameDoc(v.name)}`;
    insSearch.run(num, doc);

    auditSeq += 1;
    const row = {
      seq: auditSeq,
      at: auditAt,
      actor,
      action: 'create',
      entity: 'receptions',
      entity_id: id,
      diff: JSON.stringify({
        // Keys in sorted order: this is what canonicalJson would make of it.
        after: {
          category,
          channel,
          deputies: receivers.size,
          disposition,
          events: steps.length,
          number: `${year}-${pad4(seq)}`,
          status,
          visitors: visitors.length,
        },
        seed: true,
      }),
      prev_hash: auditHead,
    };
    const hash = auditRowHash(row);
    insAudit.run(
      row.seq,
      row.at,
      row.actor,
      row.action,
      row.entity,
      row.entity_id,
      row.diff,
      row.prev_hash,
      hash,
    );
    auditHead = hash;

    counts.receptions += 1;
    counts.reception_visitors += visitors.length;
    counts.reception_deputies += receivers.size;
    counts.reception_events += steps.length;
    counts.reception_search += 1;
    counts.audit_log += 1;
  }

  // Bulk-load settings: durability is relaxed while seeding (a crash mid-seed leaves a demo
  // folder to delete, nothing else) and put back afterwards; a larger cache keeps the indexes hot.
  const batch = options.batch ?? 50_000;
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  // A large load into small tables is faster with the secondary indexes built once at the end
  // (sorted) than kept up row by row; they are recreated from their own SQL.
  const existing = (sqlite.prepare('SELECT count(*) AS n FROM receptions').get() as { n: number }).n;
  const rebuild = options.rebuildIndexes ?? (count >= 20_000 && count > existing * 4);
  const indexes = rebuild
    ? (sqlite
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN
          ('receptions', 'reception_visitors', 'reception_deputies', 'reception_events', 'audit_log')`,
        )
        .all() as { name: string; sql: string }[])
    : [];
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  // FTS5 flushes its pending terms to a new segment every 1 MB by default and merges segments as
  // they pile up; a 64 MB buffer during the load makes a fraction of the segments and merges.
  const hashSize = (
    sqlite.prepare("SELECT v FROM reception_search_config WHERE k = 'hashsize'").get() as
      { v: number } | undefined
  )?.v;
  // An integer (FTS5 refuses the double a plain JS number binds as).
  const setHashSize = (bytes: number) =>
    sqlite
      .prepare("INSERT INTO reception_search (reception_search, rank) VALUES ('hashsize', ?)")
      .run(BigInt(bytes));
  const runBatch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) one(times[i]!, i >= count - 3);
    saveState.run(rev, auditSeq, auditHead);
  });
  try {
    // Every reference is made here from rows just read or written; checking each one again
    // would double the work (the seeder's test runs PRAGMA foreign_key_check on the result).
    sqlite.pragma('foreign_keys = OFF');
    for (const i of indexes) sqlite.exec(`DROP INDEX ${i.name}`);
    setHashSize(64 * 1024 * 1024);
    for (let from = 0; from < count; from += batch) {
      const to = Math.min(count, from + batch);
      runBatch(from, to);
      if (count >= batch)
        progress(
          `已生成 ${to} / ${count} 条接待登记（${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
        );
    }
    if (indexes.length) {
      const t = performance.now();
      // Each index is a sort: a larger cache keeps it in memory rather than in temp files.
      sqlite.pragma('cache_size = -1048576');
      sqlite.transaction(() => {
        for (const i of indexes) sqlite.exec(i.sql);
      })();
      progress(`已重建索引（${((performance.now() - t) / 1000).toFixed(1)} 秒）`);
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    // A load that failed half-way still leaves every index in place.
    const present = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    for (const i of indexes) if (!present.get(i.name)) sqlite.exec(i.sql);
    // Back to what it was (the default, 1 MB, written out when it had not been set).
    setHashSize(hashSize ?? 1024 * 1024);
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
  }
  const ms = performance.now() - started;
  progress(`已生成 ${count} 条接待登记，其中 ${counts.overdue} 条逾期未办结（${(ms / 1000).toFixed(1)} 秒）`);
  const cpu = process.cpuUsage(cpuStart);
  const { overdue: _overdue, ...created } = counts;
  return { name: 'receptions', created, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export const receptionsSeeder: Seeder = {
  name: 'receptions',
  description: '接待登记：近十年的来访、电话、信件，含交办、催办、答复、满意度与少量逾期',
  options: [{ flag: 'receptions', description: '要生成的接待登记条数', default: 300 }],
  async run(ctx, sizes, progress) {
    const count = sizes.receptions ?? 300;
    if (count === 0) return { name: 'receptions', created: {} };
    const { name, created } = await seedReceptions(ctx, count, { progress });
    return { name, created };
  },
};
