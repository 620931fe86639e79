import { Footer, Frame, Header, isWide, type TemplateProps } from './parts';

type Kind = 'source' | 'box' | 'decision' | 'end';
interface FlowNode {
  kind: Kind;
  cx: number;
  cy: number;
  w: number;
  h: number;
  text: string;
  sub?: string;
}
interface FlowEdge {
  points: [number, number][];
  arrow?: boolean;
}
interface FlowLabel {
  x: number;
  y: number;
  text: string;
  vertical?: boolean;
}
interface FlowLayout {
  width: number;
  height: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  labels: FlowLabel[];
}

// The steps of DOMAIN.md §3: every matter registered in the visitor's own words, sorted into
// one of four ways, followed up until the visitor has had an answer.
const STEP = {
  visit: '群众来访',
  call: '群众来电',
  letter: '群众来信',
  register: ['接待登记', '如实记录原话原意'],
  sort: '分类研判',
  onSpot: ['当场答复', '能答复的当场答复'],
  handOver: ['交办·转办', '明确承办单位和期限'],
  suggestion: ['转为代表建议', '依法提出代表建议'],
  refuse: ['不予受理', '解释说明、告知去向'],
  urge: ['跟踪催办', '按期督促承办单位办理'],
  reply: ['办理答复', '承办单位答复办理结果'],
  close: ['办结', '办理完毕、登记办结'],
  feedback: ['反馈群众、满意度测评', '件件有回音'],
  done: '满意或基本满意　归档',
  again: '不满意，重新办理',
} as const;

const box = (
  cx: number,
  cy: number,
  w: number,
  h: number,
  [text, sub]: readonly [string, string],
): FlowNode => ({
  kind: 'box',
  cx,
  cy,
  w,
  h,
  text,
  sub,
});

/** Top to bottom, for portrait boards. */
function tall(): FlowLayout {
  const srcY = 52;
  const nodes: FlowNode[] = [
    { kind: 'source', cx: 210, cy: srcY, w: 230, h: 68, text: STEP.visit },
    { kind: 'source', cx: 500, cy: srcY, w: 230, h: 68, text: STEP.call },
    { kind: 'source', cx: 790, cy: srcY, w: 230, h: 68, text: STEP.letter },
    box(500, 198, 440, 96, STEP.register),
    { kind: 'decision', cx: 500, cy: 335, w: 340, h: 120, text: STEP.sort },
    box(125, 535, 226, 110, STEP.onSpot),
    box(375, 535, 226, 110, STEP.handOver),
    box(625, 535, 226, 110, STEP.suggestion),
    box(875, 535, 226, 110, STEP.refuse),
    box(500, 700, 440, 92, STEP.urge),
    box(500, 830, 440, 92, STEP.reply),
    box(500, 960, 440, 92, STEP.close),
    box(500, 1095, 520, 100, STEP.feedback),
    { kind: 'end', cx: 500, cy: 1218, w: 520, h: 64, text: STEP.done },
  ];
  const edges: FlowEdge[] = [
    {
      points: [
        [210, 86],
        [210, 120],
        [500, 120],
      ],
    },
    {
      points: [
        [790, 86],
        [790, 120],
        [500, 120],
      ],
    },
    {
      points: [
        [500, 86],
        [500, 150],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 246],
        [500, 275],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 395],
        [500, 440],
      ],
    },
    {
      points: [
        [125, 440],
        [875, 440],
      ],
    },
    ...[125, 375, 625, 875].map((x): FlowEdge => ({
      points: [
        [x, 440],
        [x, 480],
      ],
      arrow: true,
    })),
    {
      points: [
        [375, 590],
        [375, 654],
      ],
      arrow: true,
    },
    {
      points: [
        [625, 590],
        [625, 654],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 746],
        [500, 784],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 876],
        [500, 914],
      ],
      arrow: true,
    },
    {
      points: [
        [125, 590],
        [125, 960],
        [280, 960],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 1006],
        [500, 1045],
      ],
      arrow: true,
    },
    {
      points: [
        [500, 1145],
        [500, 1186],
      ],
      arrow: true,
    },
    {
      points: [
        [760, 1095],
        [940, 1095],
        [940, 700],
        [720, 700],
      ],
      arrow: true,
    },
  ];
  const labels: FlowLabel[] = [{ x: 968, y: 900, text: STEP.again, vertical: true }];
  return { width: 1000, height: 1260, nodes, edges, labels };
}

/** Left half: from the visit to the four ways; right half: follow-up to the answer. */
function wide(): FlowLayout {
  const nodes: FlowNode[] = [
    { kind: 'source', cx: 170, cy: 60, w: 230, h: 72, text: STEP.visit },
    { kind: 'source', cx: 440, cy: 60, w: 230, h: 72, text: STEP.call },
    { kind: 'source', cx: 710, cy: 60, w: 230, h: 72, text: STEP.letter },
    box(440, 240, 440, 100, STEP.register),
    { kind: 'decision', cx: 440, cy: 400, w: 360, h: 130, text: STEP.sort },
    box(125, 620, 230, 116, STEP.onSpot),
    box(375, 620, 230, 116, STEP.handOver),
    box(625, 620, 230, 116, STEP.suggestion),
    box(875, 620, 230, 116, STEP.refuse),
    box(1470, 110, 480, 100, STEP.urge),
    box(1470, 290, 480, 100, STEP.reply),
    box(1470, 470, 480, 100, STEP.close),
    box(1470, 660, 560, 110, STEP.feedback),
    { kind: 'end', cx: 1470, cy: 830, w: 560, h: 72, text: STEP.done },
  ];
  const edges: FlowEdge[] = [
    {
      points: [
        [170, 96],
        [170, 150],
        [710, 150],
        [710, 96],
      ],
    },
    {
      points: [
        [440, 96],
        [440, 190],
      ],
      arrow: true,
    },
    {
      points: [
        [440, 290],
        [440, 335],
      ],
      arrow: true,
    },
    {
      points: [
        [440, 465],
        [440, 522],
      ],
    },
    {
      points: [
        [125, 522],
        [875, 522],
      ],
    },
    ...[125, 375, 625, 875].map((x): FlowEdge => ({
      points: [
        [x, 522],
        [x, 562],
      ],
      arrow: true,
    })),
    {
      points: [
        [375, 678],
        [375, 740],
        [1080, 740],
        [1080, 110],
        [1230, 110],
      ],
      arrow: true,
    },
    {
      points: [
        [625, 678],
        [625, 740],
      ],
    },
    {
      points: [
        [125, 678],
        [125, 900],
        [1140, 900],
        [1140, 470],
        [1230, 470],
      ],
      arrow: true,
    },
    {
      points: [
        [1470, 160],
        [1470, 240],
      ],
      arrow: true,
    },
    {
      points: [
        [1470, 340],
        [1470, 420],
      ],
      arrow: true,
    },
    {
      points: [
        [1470, 520],
        [1470, 605],
      ],
      arrow: true,
    },
    {
      points: [
        [1470, 715],
        [1470, 794],
      ],
      arrow: true,
    },
    {
      points: [
        [1750, 660],
        [1850, 660],
        [1850, 110],
        [1710, 110],
      ],
      arrow: true,
    },
  ];
  const labels: FlowLabel[] = [{ x: 1885, y: 385, text: STEP.again, vertical: true }];
  return { width: 1960, height: 930, nodes, edges, labels };
}

const RED = '#b71c1c';
const DARK = '#8e1212';
const GOLD = '#c9a227';

function Node({ n }: { n: FlowNode }) {
  const x = n.cx - n.w / 2;
  const y = n.cy - n.h / 2;
  if (n.kind === 'decision') {
    const pts = `${n.cx},${y} ${x + n.w},${n.cy} ${n.cx},${y + n.h} ${x},${n.cy}`;
    return (
      <g>
        <polygon points={pts} fill={RED} stroke={GOLD} strokeWidth={5} />
        <text
          x={n.cx}
          y={n.cy}
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={36}
          fill="#fff"
          className="serif"
        >
          {n.text}
        </text>
      </g>
    );
  }
  if (n.kind === 'source' || n.kind === 'end') {
    const end = n.kind === 'end';
    return (
      <g>
        <rect
          x={x}
          y={y}
          width={n.w}
          height={n.h}
          rx={n.h / 2}
          fill={end ? RED : '#fff6e0'}
          stroke={GOLD}
          strokeWidth={4}
        />
        <text
          x={n.cx}
          y={n.cy}
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={32}
          fill={end ? '#fff' : DARK}
          fontWeight={700}
        >
          {n.text}
        </text>
      </g>
    );
  }
  return (
    <g>
      <rect x={x} y={y} width={n.w} height={n.h} rx={10} fill="#fffaf3" stroke={RED} strokeWidth={4} />
      <rect
        x={x + 8}
        y={y + 8}
        width={n.w - 16}
        height={n.h - 16}
        rx={6}
        fill="none"
        stroke={GOLD}
        strokeWidth={1.5}
      />
      <text
        x={n.cx}
        y={n.sub ? n.cy - 15 : n.cy}
        textAnchor="middle"
        dominantBaseline="central"
        fontSize={34}
        fill={DARK}
        className="serif"
      >
        {n.text}
      </text>
      {n.sub && (
        <text x={n.cx} y={n.cy + 24} textAnchor="middle" dominantBaseline="central" fontSize={22} fill="#555">
          {n.sub}
        </text>
      )}
    </g>
  );
}

function FlowChart({ layout }: { layout: FlowLayout }) {
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label="接待选民工作流程图"
    >
      <defs>
        <marker
          id="nb-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="5"
          markerHeight="5"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={DARK} />
        </marker>
      </defs>
      {layout.edges.map((e, i) => (
        <polyline
          key={i}
          points={e.points.map((p) => p.join(',')).join(' ')}
          fill="none"
          stroke={DARK}
          strokeWidth={4}
          strokeLinejoin="round"
          markerEnd={e.arrow ? 'url(#nb-arrow)' : undefined}
        />
      ))}
      {layout.nodes.map((n, i) => (
        <Node key={i} n={n} />
      ))}
      {layout.labels.map((l, i) =>
        l.vertical ? (
          <text
            key={i}
            x={l.x}
            y={l.y}
            textAnchor="middle"
            fontSize={28}
            fill={RED}
            fontWeight={700}
            style={{ writingMode: 'vertical-rl' }}
          >
            {l.text}
          </text>
        ) : (
          <text key={i} x={l.x} y={l.y} textAnchor="middle" fontSize={28} fill={RED} fontWeight={700}>
            {l.text}
          </text>
        ),
      )}
    </svg>
  );
}

/** 接待选民工作流程: the flow chart, a note, and where and when to come. */
export function WorkflowBoard({ data, widthMm, heightMm }: TemplateProps) {
  const isLandscape = isWide(widthMm, heightMm);
  const note = (data.texts.note ?? '').trim();
  const { station } = data;
  return (
    <Frame>
      <Header kicker={station.name} title={data.texts.title ?? ''} />
      <div className="nb-body">
        {note && (
          <p
            className="nb-note"
            style={{ height: `calc(var(--u) * ${isLandscape ? 6 : 8})` }}
            data-fit="说明"
            data-fit-min="0.45"
            data-fit-max="1.1"
          >
            {note}
          </p>
        )}
        <div className="nb-flow" data-testid="flow-chart">
          <FlowChart layout={isLandscape ? wide() : tall()} />
        </div>
        <section
          className="nb-contact"
          style={{
            height: `calc(var(--u) * ${isLandscape ? 4.6 : 7.6})`,
            ['--info-cols' as string]: isLandscape ? 3 : 2,
          }}
          data-fit="地址电话"
          data-fit-min="0.45"
          data-fit-max="1.1"
        >
          <div className={isLandscape ? 'nb-info-item' : 'nb-info-item wide'}>
            <span className="nb-label">地址：</span>
            <span className="nb-value">{station.address || '—'}</span>
          </div>
          <div className="nb-info-item">
            <span className="nb-label">电话：</span>
            <span className="nb-value">{station.phone || '—'}</span>
          </div>
          <div className="nb-info-item">
            <span className="nb-label">开放时间：</span>
            <span className="nb-value">{station.openingHours || '—'}</span>
          </div>
        </section>
      </div>
      <Footer text={station.name} />
    </Frame>
  );
}
