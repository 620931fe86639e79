import { checkIntegrity, type IntegrityReport } from '../../db/integrity';
import type { Health } from '../api/contract';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A check that could not run (not a damaged file) is tried again this soon. */
const RETRY_MS = 5 * 60 * 1000;

/**
 * Runs the full integrity check in the background after start-up and then daily. While the
 * last check failed, the router refuses every write (nothing more goes into a damaged file).
 */
export class HealthMonitor {
  private report: IntegrityReport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IntegrityReport> | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly nativeBinding?: string,
    private readonly retryMs = RETRY_MS,
  ) {}

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), DAY_MS);
    this.timer.unref();
  }

  /** Whether start() runs the daily check (a restore's new monitor does the same). */
  get started(): boolean {
    return this.timer !== null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = null;
    this.retry = null;
  }

  /**
   * Runs a check now (or joins the one under way). A check that could not run keeps the last
   * verdict (it says nothing about the file) and is tried again soon.
   */
  check(): Promise<IntegrityReport> {
    this.running ??= checkIntegrity(this.file, this.nativeBinding).then((report) => {
      if (report.checked) this.report = report;
      else if (this.timer && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.check();
        }, this.retryMs);
        this.retry.unref();
      }
      this.running = null;
      return report;
    });
    return this.running;
  }

  get writesStopped(): boolean {
    return this.report !== null && !this.report.ok;
  }

  snapshot(): Health {
    const r = this.report;
    return {
      integrity: r === null ? 'pending' : r.ok ? 'ok' : 'failed',
      problems: r?.problems ?? [],
      checkedAt: r?.checkedAt ?? null,
      writesStopped: this.writesStopped,
      message: this.writesStopped
        ? '数据文件检查发现损坏，已暂停保存以免损失扩大。请管理员在“设置—备份与恢复”中选最近的备份点“恢复…”，或联系县人大技术人员。'
        : null,
    };
  }
}
