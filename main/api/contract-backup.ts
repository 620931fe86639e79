import { z } from 'zod';
import { mutation, noInput, query } from './contract-kit';

// 备份与恢复: rolling automatic backups in <data>/backups, manual backups to a chosen folder
// (a USB stick), and restore with a check before anything is replaced.

export const BACKUP_KINDS = ['auto', 'manual', 'before-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

const backupFile = z
  .string({ error: '请选择备份文件' })
  .trim()
  .min(1, '请选择备份文件')
  .max(1000, '文件路径太长')
  .describe('备份文件');

export const backupItem = z.object({
  /** Absolute path. */
  path: z.string(),
  fileName: z.string(),
  kind: z.enum(BACKUP_KINDS),
  /** ISO time the backup was made (from the file's name, else its mtime). */
  createdAt: z.string(),
  size: z.number().int(),
});
export type BackupItem = z.infer<typeof backupItem>;

export const backupSettings = z.object({
  /** Daily automatic backups on/off. */
  enabled: z.boolean(),
  /** How many automatic backups to keep (oldest removed first). */
  keep: z.number().int().min(1).max(365),
});
export type BackupSettings = z.infer<typeof backupSettings>;

export const backupStatus = z.object({
  settings: backupSettings,
  /** The folder of automatic backups. */
  folder: z.string(),
  lastAuto: backupItem.nullable(),
  /** True while a backup runs. */
  running: z.boolean(),
  /** Newest first: automatic backups and the copies kept aside by restores. */
  items: z.array(backupItem),
});
export type BackupStatus = z.infer<typeof backupStatus>;

/** What a candidate backup holds and whether it may replace the data file. */
export const backupCheck = z.object({
  ok: z.boolean(),
  path: z.string(),
  size: z.number().int(),
  schemaVersion: z.number().int().nullable(),
  station: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** Latest write recorded in the file (the audit log's last time). */
  lastWriteAt: z.string().nullable(),
  counts: z.object({
    deputies: z.number().int(),
    receptions: z.number().int(),
    activities: z.number().int(),
  }),
  auditCount: z.number().int(),
  /** Chinese sentences, one per problem; empty when ok. */
  problems: z.array(z.string()),
});
export type BackupCheck = z.infer<typeof backupCheck>;

export const backupCalls = {
  'backup.status': query(noInput, backupStatus, '备份状况'),
  /** A backup now: into the automatic folder, or into `folder` (a USB stick) when given. */
  'backup.create': mutation(
    z
      .object({
        folder: z.string().trim().max(1000, '文件夹路径太长').optional().describe('文件夹'),
      })
      .strict(),
    backupItem,
    '立即备份',
  ),
  /** Checks a backup file without touching the data: integrity, audit chain, schema version, station. */
  'backup.check': query(z.object({ path: backupFile }).strict(), backupCheck, '检查备份文件'),
  /** Replaces the data file with a checked backup; the current file is kept aside first. Administrators only. */
  'backup.restore': mutation(
    z.object({ path: backupFile }).strict(),
    z.object({
      check: backupCheck,
      /** Where the replaced data file was kept; null when there was none. */
      keptAs: z.string().nullable(),
      /**
       * Whether the county bookkeeping (outbox, rev counter, audit chain) came over from the
       * replaced file. False when it could not be read: the next packages may then be refused
       * by the county until its technician resets the station's replica.
       */
      carriedOver: z.boolean(),
    }),
    '从备份恢复',
  ),
  'backup.updateSettings': mutation(backupSettings.strict(), backupStatus, '修改自动备份设置'),
} as const;
