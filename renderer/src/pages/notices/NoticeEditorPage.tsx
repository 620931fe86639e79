import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Skeleton, Space, Tooltip } from 'antd';
import {
  ArrowLeftOutlined,
  FilePdfOutlined,
  PrinterOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { noticeTextsInput, type BoardData, type NoticeTemplateInfo } from '../../../../main/api/contract';
import {
  noticeTemplate,
  paperLabel,
  paperMm,
  paperSlug,
  parsePaperSlug,
  type NoticeTemplateSpec,
  type Paper,
} from '../../../../resources/notices/catalog';
import type { FitResult } from '../../../../resources/notices/templates';
import { ApiError, errorMessage, useCall, useMutate } from '../../api';
import { FormField } from '../../components/FormField';
import { LoadProblem } from '../../components/LoadProblem';
import { PageHeader } from '../../components/PageHeader';
import { SaveProblem } from '../../components/SaveProblem';
import { downloadBase64 } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { ISO, slotLine, useStationToday, weekdayText } from '../duty/labels';
import { BoardFrame } from './BoardFrame';
import { BoundDataCard, BoundDataWarnings, planPath } from './BoundData';
import { defaultSubject, monthOptions, yearOptions } from './labels';
import { draftOf, paperOfDraft, PaperPicker, type PaperDraft } from './PaperPicker';

/** /notices/edit/:template?subject=…&paper=… — one board: its subject, paper, texts and preview. */
export function NoticeEditorPage() {
  const { template = '' } = useParams();
  const spec = noticeTemplate(template);
  const navigate = useNavigate();
  if (!spec)
    return (
      <>
        <PageHeader title="上墙公示" />
        <Alert
          className="page-alert"
          type="error"
          showIcon
          title="没有这个公示模板"
          description="地址里的模板名称不对。请回到上墙公示，从列表里选择要打印的公示。"
          action={
            <Button size="large" onClick={() => void navigate('/notices')}>
              回到上墙公示
            </Button>
          }
        />
      </>
    );
  return <EditorWithSubject key={spec.key} spec={spec} />;
}

/** Upcoming duty slots (half a year ahead) for the 接待日公告's picker. */
function useUpcomingSlots(enabled: boolean, today: string) {
  const to = dayjs(today).add(180, 'day').format(ISO);
  return useCall('duty.slots', { from: today, to }, { enabled });
}

/** Settles the subject (from the address, else the default) before the board is read. */
function EditorWithSubject({ spec }: { spec: NoticeTemplateSpec }) {
  const [params, setParams] = useSearchParams();
  const today = useStationToday();
  const slots = useUpcomingSlots(spec.subject === 'slot', today);
  const upcoming = useMemo(
    () =>
      (slots.data ?? [])
        .filter((s) => s.date >= today)
        .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start)),
    [slots.data, today],
  );
  const given = params.get('subject');
  // A slot no longer upcoming (an old link, a version being reprinted) is still offered.
  const past = spec.subject === 'slot' && !!given && !!slots.data && !upcoming.some((s) => s.id === given);
  const pastSlot = useCall('duty.getSlot', { id: given ?? '' }, { enabled: past });
  const subject =
    given ??
    (spec.subject === 'slot' && !slots.data
      ? null
      : defaultSubject(
          spec.subject,
          today,
          upcoming.map((s) => s.id),
        ));

  // Put the default into the address, so 刷新 and 返回 keep the board the clerk looked at.
  useEffect(() => {
    if (given === null && subject)
      setParams(
        (p) => {
          p.set('subject', subject);
          return p;
        },
        { replace: true },
      );
  }, [given, subject, setParams]);

  const setSubject = (value: string) =>
    setParams(
      (p) => {
        p.set('subject', value);
        return p;
      },
      { replace: true },
    );

  const subjectPicker =
    spec.subject === 'none' ? null : (
      <FormField
        name="subject"
        label={{ month: '月份', year: '年份', slot: '哪一次接待' }[spec.subject]}
        htmlFor="notice-subject"
      >
        <Select
          id="notice-subject"
          size="large"
          value={subject || undefined}
          placeholder={spec.subject === 'slot' ? '请选择一次值班' : undefined}
          onChange={setSubject}
          loading={spec.subject === 'slot' && slots.isPending}
          aria-label={{ month: '月份', year: '年份', slot: '哪一次接待' }[spec.subject]}
          options={
            spec.subject === 'month'
              ? monthOptions(today, subject ?? '')
              : spec.subject === 'year'
                ? yearOptions(today, subject ?? '')
                : [...(past && pastSlot.data ? [pastSlot.data] : []), ...upcoming].map((s) => ({
                    value: s.id,
                    label: `${slotLine(s).replace(' ', ` ${weekdayText(s.date)} `)}`,
                  }))
          }
          notFoundContent="接下来半年没有值班安排"
        />
      </FormField>
    );

  if (spec.subject === 'slot' && slots.isError)
    return (
      <>
        <EditorHeader spec={spec} />
        <LoadProblem
          className="page-alert"
          what="值班安排"
          error={slots.error}
          onRetry={() => void slots.refetch()}
        />
      </>
    );
  if (subject === null) return <EditorHeader spec={spec} loading />;
  if (subject === '' && spec.subject === 'slot')
    return (
      <>
        <EditorHeader spec={spec} />
        <Empty
          className="notice-empty"
          description={
            <>
              接下来半年还没有值班安排，没有可以公告的接待日。
              <Link to="/duty">去值班排班</Link>
            </>
          }
        />
      </>
    );
  return <Editor spec={spec} subject={subject} subjectPicker={subjectPicker} />;
}

function EditorHeader({
  spec,
  loading,
  extra,
}: {
  spec: NoticeTemplateSpec;
  loading?: boolean;
  extra?: React.ReactNode;
}) {
  const navigate = useNavigate();
  const back = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate('/notices');
  };
  return (
    <div className="no-print notice-editor-header">
      <PageHeader
        title={spec.name}
        description="选好纸张、改好文字，右边就是印出来的样子。"
        extra={
          <Space>
            <Button size="large" icon={<ArrowLeftOutlined />} onClick={back}>
              返回
            </Button>
            {extra}
          </Space>
        }
      />
      {loading && <Skeleton active paragraph={{ rows: 10 }} />}
    </div>
  );
}

interface TextsValues {
  template: NoticeTemplateSpec['key'];
  texts: Record<string, string>;
}

/** The board's paper: from the address (a reprint keeps its size), else the template's own. */
function initialPaper(slug: string | null, spec: NoticeTemplateSpec): Paper {
  return (slug && parsePaperSlug(slug)) || spec.paper;
}

function useWindowHeight(): number {
  const [height, setHeight] = useState(window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

function Editor({
  spec,
  subject,
  subjectPicker,
}: {
  spec: NoticeTemplateSpec;
  subject: string;
  subjectPicker: React.ReactNode;
}) {
  const templates = useCall('notices.templates', {});
  // Another month or slot: the old board stays up (not printable) until the new one is read.
  const data = useCall('notices.data', { template: spec.key, subject }, { placeholderData: (prev) => prev });
  const info = templates.data?.find((t) => t.key === spec.key);

  if (templates.isError)
    return (
      <>
        <EditorHeader spec={spec} />
        <LoadProblem
          className="page-alert"
          what="公示模板"
          error={templates.error}
          onRetry={() => void templates.refetch()}
        />
      </>
    );
  if (!info) return <EditorHeader spec={spec} loading />;
  return <EditorBody spec={spec} info={info} subject={subject} subjectPicker={subjectPicker} data={data} />;
}

function EditorBody({
  spec,
  info,
  subject,
  subjectPicker,
  data,
}: {
  spec: NoticeTemplateSpec;
  info: NoticeTemplateInfo;
  subject: string;
  subjectPicker: React.ReactNode;
  data: ReturnType<typeof useCall<'notices.data'>>;
}) {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const windowHeight = useWindowHeight();
  const saveTexts = useMutate('notices.saveTexts');
  const exportPdf = useMutate('notices.exportPdf');
  const recordPrint = useMutate('notices.recordPrint');
  const versions = useCall('notices.versions', { template: spec.key, subject, limit: 5 });

  // Paper: the draft holds half-typed custom sides; the preview keeps the last valid paper.
  const [draft, setDraft] = useState<PaperDraft>(() => draftOf(initialPaper(params.get('paper'), spec)));
  const drafted = paperOfDraft(draft);
  const [paper, setPaper] = useState<Paper>(() => initialPaper(params.get('paper'), spec));
  const onPaper = (next: PaperDraft) => {
    setDraft(next);
    const result = paperOfDraft(next);
    if (result.paper) {
      setPaper(result.paper);
      setParams(
        (p) => {
          p.set('paper', paperSlug(result.paper));
          return p;
        },
        { replace: true },
      );
    }
  };

  // Texts: the contract's schema checks them as typed; the preview follows every keystroke.
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    reset,
    formState: { errors, isDirty },
  } = useForm<TextsValues>({
    resolver: zodResolver(noticeTextsInput),
    defaultValues: { template: spec.key, texts: info.texts },
    mode: 'onChange',
  });
  const typed = useDeferredValue(useWatch({ control, name: 'texts' }));
  const preview: BoardData | undefined = useMemo(
    () => data.data && { ...data.data, texts: { ...data.data.texts, ...typed } },
    [data.data, typed],
  );

  // The board measures itself after drawing (fonts, photos): until it has measured what is
  // shown now (this paper, these texts, this data), nobody can print it.
  const sheet = paperMm(paper);
  const shownKey = `${sheet.width}x${sheet.height}|${preview?.dataHash ?? ''}|${JSON.stringify(typed)}`;
  const shownRef = useRef(shownKey);
  useEffect(() => {
    shownRef.current = shownKey;
  }, [shownKey]);
  const [fit, setFit] = useState<(FitResult & { key: string }) | null>(null);
  const onMeasured = useCallback((result: FitResult) => setFit({ ...result, key: shownRef.current }), []);
  const measured = fit !== null && fit.key === shownKey;
  const overflow = fit !== null && !fit.fits;

  const [actionProblem, setActionProblem] = useState<{ title: string; message: string } | null>(null);

  /** Saves the texts; false (with the reasons on the fields) when refused. */
  const save = async (quiet = false): Promise<boolean> => {
    setFormProblem(null);
    let saved = false;
    await handleSubmit(
      async (values) => {
        try {
          const next = await saveTexts.mutateAsync(values);
          reset({ template: spec.key, texts: next.texts });
          saved = true;
          if (!quiet) void message.success('文字已保存');
        } catch (error) {
          if (error instanceof ApiError && error.field?.startsWith('texts.')) {
            setError(
              error.field as `texts.${string}`,
              { type: 'server', message: error.message },
              { shouldFocus: true },
            );
          } else {
            setFormProblem(errorMessage(error));
          }
        }
      },
      () => setFormProblem('有几项文字需要改正，请看标红的地方。'),
    )();
    return saved;
  };

  const restoreDefaults = () => {
    for (const field of spec.fields)
      setValue(`texts.${field.key}`, field.default, { shouldDirty: true, shouldValidate: true });
    // Saved texts that differ from the defaults change only on 保存文字.
    const saved = spec.fields.some((f) => info.texts[f.key] !== f.default);
    void message.info(saved ? '已换回默认文字，点“保存文字”后生效' : '已换回默认文字');
  };

  const print = async () => {
    setActionProblem(null);
    if (isDirty && !(await save(true))) return;
    window.print();
    try {
      const version = await recordPrint.mutateAsync({ template: spec.key, subject, paper });
      void message.success(`已记录打印：${version.templateName}（${version.paperLabel}）`);
    } catch (error) {
      setActionProblem({ title: '打印记录没有保存', message: errorMessage(error) });
    }
  };

  const savePdf = async () => {
    setActionProblem(null);
    if (isDirty && !(await save(true))) return;
    try {
      const result = await exportPdf.mutateAsync({ template: spec.key, subject, paper });
      downloadBase64(result.fileName, result.base64, 'application/pdf');
      void message.success(`已保存PDF：${result.fileName}`, 6);
    } catch (error) {
      setActionProblem({ title: '没有生成PDF', message: errorMessage(error) });
    }
  };

  // The plan board of a year without a plan: nothing to post (the service refuses it too).
  const noPlan = spec.key === 'activity-plan' && !!data.data && data.data.plan.length === 0;
  const blocked = noPlan
    ? '这一年还没有活动计划'
    : overflow
      ? '公示放不下，请先删减文字或换用更大的纸张'
      : !drafted.paper
        ? '请先把展板尺寸填对'
        : !preview || data.isPlaceholderData
          ? '公示内容还没有读出来'
          : Object.keys(errors.texts ?? {}).length > 0
            ? '有文字需要改正'
            : !measured
              ? '正在排版，请稍候'
              : null;
  const busy = exportPdf.isPending || recordPrint.isPending || saveTexts.isPending;

  return (
    <div className="notice-editor-page">
      <EditorHeader
        spec={spec}
        extra={
          <>
            <Tooltip title={blocked}>
              <Button
                size="large"
                icon={<PrinterOutlined />}
                disabled={!!blocked || busy}
                loading={recordPrint.isPending}
                onClick={() => void print()}
              >
                打印
              </Button>
            </Tooltip>
            <Tooltip title={blocked}>
              <Button
                type="primary"
                size="large"
                icon={<FilePdfOutlined />}
                disabled={!!blocked || busy}
                loading={exportPdf.isPending}
                onClick={() => void savePdf()}
              >
                保存PDF
              </Button>
            </Tooltip>
          </>
        }
      />
      <div className="notice-editor">
        <div className="notice-editor-controls no-print">
          {actionProblem && (
            <Alert
              className="page-alert"
              type="error"
              showIcon
              role="alert"
              data-testid="output-problem"
              title={actionProblem.title}
              description={actionProblem.message}
              closable
              onClose={() => setActionProblem(null)}
            />
          )}
          {data.data && <BoundDataWarnings spec={spec} data={data.data} />}
          <Card className="section-card notice-editor-card" title="纸张和对象" size="small">
            <Form layout="vertical" component={false}>
              {subjectPicker}
              <PaperPicker draft={draft} onChange={onPaper} />
            </Form>
          </Card>

          <Card className="section-card notice-editor-card" title="文字" size="small">
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void save();
                }
              }}
            >
              <Form layout="vertical" component={false}>
                {spec.fields.map((field) => {
                  const id = `notice-text-${field.key}`;
                  const error = errors.texts?.[field.key]?.message;
                  return (
                    <FormField
                      key={field.key}
                      name={`texts.${field.key}`}
                      label={field.label}
                      htmlFor={id}
                      error={error}
                      hint={field.hint}
                    >
                      <Controller
                        control={control}
                        name={`texts.${field.key}`}
                        render={({ field: f }) =>
                          field.multiline ? (
                            <Input.TextArea
                              {...f}
                              value={f.value ?? ''}
                              id={id}
                              autoSize={{ minRows: 3, maxRows: field.max > 1000 ? 14 : 6 }}
                              count={{ show: true, max: field.max }}
                              aria-invalid={!!error}
                            />
                          ) : (
                            <Input
                              {...f}
                              value={f.value ?? ''}
                              id={id}
                              size="large"
                              autoComplete="off"
                              count={{ show: true, max: field.max }}
                              aria-invalid={!!error}
                            />
                          )
                        }
                      />
                    </FormField>
                  );
                })}
              </Form>
              {formProblem && <SaveProblem message={formProblem} />}
              <div className="form-actions notice-text-actions">
                <Button size="large" icon={<UndoOutlined />} onClick={restoreDefaults}>
                  恢复默认
                </Button>
                <Button
                  type="primary"
                  size="large"
                  htmlType="submit"
                  icon={<SaveOutlined />}
                  loading={saveTexts.isPending}
                  disabled={!isDirty}
                >
                  保存文字
                </Button>
              </div>
              {isDirty && (
                <p className="muted notice-unsaved">文字有改动还没保存；打印或保存PDF时会先保存。</p>
              )}
            </form>
          </Card>

          <Card className="section-card notice-editor-card" title="公示里的数据" size="small">
            {data.data ? <BoundDataCard spec={spec} data={data.data} /> : <Skeleton active />}
          </Card>

          <Card className="section-card notice-editor-card" title="这块公示的打印记录" size="small">
            {versions.isError ? (
              <LoadProblem what="打印记录" error={versions.error} onRetry={() => void versions.refetch()} />
            ) : versions.data && versions.data.items.length > 0 ? (
              <ul className="notice-editor-versions" data-testid="editor-versions">
                {versions.data.items.map((v) => (
                  <li key={v.id}>
                    {formatDateTime(v.printedAt)} · {v.paperLabel} · {v.how} · {v.printedBy}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">还没有打印过。</p>
            )}
          </Card>
        </div>

        <div className="notice-editor-preview">
          <div className="no-print">
            {overflow && (
              <Alert
                className="page-alert board-overflow"
                type="error"
                showIcon
                role="alert"
                data-testid="board-overflow"
                title={`${paperLabel(paper)}上放不下，不能打印`}
                description={
                  fit.problems.length > 0 ? (
                    <ul>
                      {fit.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  ) : (
                    '请删减文字，或换用更大的纸张。'
                  )
                }
              />
            )}
            <p className="notice-preview-caption">
              预览：{paperLabel(paper)}
              {paper.size !== 'custom' && `（${sheet.width}×${sheet.height} 毫米）`}，按比例缩小显示
            </p>
          </div>
          {data.isError && (
            <LoadProblem
              className="page-alert no-print"
              what="公示内容"
              error={data.error}
              onRetry={() => void data.refetch()}
            />
          )}
          {data.isPending && <Skeleton className="no-print" active paragraph={{ rows: 12 }} />}
          {noPlan && (
            <Empty
              className="notice-empty no-print"
              data-testid="no-plan"
              description={
                <>
                  {data.data?.subjectText}还没有年度活动计划，没有可以公示的内容。
                  <br />
                  请先在“活动记录 → 年度活动计划”中制定计划。<Link to={planPath(subject)}>去制定计划</Link>
                </>
              }
            />
          )}
          {preview && !noPlan && (
            <BoardFrame
              data={preview}
              paper={paper}
              onMeasured={onMeasured}
              maxHeight={Math.max(360, windowHeight - 240)}
            />
          )}
        </div>
      </div>
    </div>
  );
}
