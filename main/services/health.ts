import { checkIntegrity, type IntegrityReport } from '../../db/integrity';
import type { Health } from '../api/contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs the full integrity check in the background after start-up and then daily. While the
 * last check failed, the router refuses every write (nothing more goes into a damaged file).
 */
export class HealthMonitor {
  private report: IntegrityReport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<IntegrityReport> | null = null;

  constructor(
    private readonly file: string,
    private readonly nativeBinding?: string,
  ) {}

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs a check now (or joins the one under way). */
  check(): Promise<IntegrityReport> {
    this.running ??= checkIntegrity(this.file, this.nativeBinding).then((report) => {
      this.report = report;
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
        ? '数据文件检查发现损坏，已暂停保存以免损失扩大。请在“设置—备份”中从最近的备份恢复，或联系县人大技术人员。'
        : null,
    };
  }
}
