import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { CallResult, OutboxStatus } from '../../main/api/contract';
import { enrollStation, initCounty, receivePackage } from '../../main/services/county/county';
import { receiptFileName } from '../../main/services/packages/format';
import { expect, openSetUpStation, SAMPLE_STATION, screenshot, test, type StationServer } from './fixtures';

/** Waits for the page's call to `name`. */
const answered = (page: Page, name: string) =>
  page.waitForResponse((r) => r.url().endsWith(`/api/${name}`) && r.request().method() === 'POST');

async function openPackages(page: Page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据上报' }).click();
  await expect(page.getByRole('heading', { name: '数据上报', level: 1 })).toBeVisible();
}

/** One deputy and one reception: something for the package to carry. */
async function seedReception(station: StationServer) {
  const deputy = await station.api('roster.create', {
    name: '王建国',
    gender: '男',
    ethnicity: '汉族',
    levels: ['县'],
    stationRole: '站长',
  });
  const today = new Date().toISOString().slice(0, 10);
  await station.api('receptions.create', {
    receivedAt: `${today} 09:30`,
    channel: '来访',
    visitors: [{ name: '赵德顺', gender: '男', birthYear: 1956, phone: '13905718888', groupSize: 1 }],
    deputyIds: [deputy.id],
    staff: ['刘晓梅'],
    category: '交通出行',
    title: '西岭村到镇上的公交班次太少',
    matter: '西岭村到莲花镇上每天只有两班公交车，老人看病、孩子上学很不方便，希望增加班次。',
    confidential: false,
  });
}

test.describe('数据上报', () => {
  let work: string;
  test.beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'station-desk-packages-e2e-'));
  });
  test.afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('a clerk imports the county profile, makes a package, copies it to a USB folder and imports the receipt', async ({
    page,
    station,
  }) => {
    // The county: its keys and the profile file it hands to stations (USB only: no intake URL).
    const countyDir = join(work, 'county');
    const profileFile = join(work, '青山县配置.json');
    await initCounty({ dataDir: countyDir, name: '青山县人大常委会', profileOut: profileFile });

    await openSetUpStation(page, station);
    await seedReception(station);
    await openPackages(page);

    // No profile yet: the page says what to do, and nothing can be exported.
    await expect(page.getByTestId('no-profile')).toContainText('还没有县里的配置文件');
    await expect(page.getByRole('button', { name: '生成数据包' })).toBeDisabled();
    await expect(page.getByText('还没有数据包。')).toBeVisible();
    await expect(page.getByTestId('pending-changes')).toContainText(/有 \d+ 条变动尚未打包/);
    await screenshot(page, 'packages-empty');

    // A file that is not a county profile is refused, in Chinese, and nothing is set.
    const fileInput = page.getByTestId('profile-file');
    let imported = answered(page, 'packages.importProfile');
    await fileInput.setInputFiles({
      name: '会议纪要.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('这不是配置文件'),
    });
    expect(((await (await imported).json()) as CallResult).ok).toBe(false);
    await expect(page.getByTestId('profile-problem')).toContainText('县级配置文件有误');
    await expect(page.getByTestId('no-profile')).toBeVisible();

    // The county's file is taken: its name shows, and the profile is the county's.
    imported = answered(page, 'packages.importProfile');
    await fileInput.setInputFiles(profileFile);
    expect(((await (await imported).json()) as CallResult).ok).toBe(true);
    await expect(page.getByTestId('county-name')).toHaveText('青山县人大常委会');
    await expect(page.getByTestId('profile-problem')).toHaveCount(0);
    await expect(page.getByText('未设置上报地址，用U盘报送')).toBeVisible();
    await expect(page.getByRole('button', { name: '立即上传' })).toHaveCount(0);
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { recipients: { recipient: string }[] };
    expect((await station.api('packages.status', {})).profile?.recipients.map((r) => r.recipient)).toEqual(
      profile.recipients.map((r) => r.recipient),
    );

    // 生成数据包: the progress shows while the worker runs. Status answers that say the export
    // is over are held until the progress bar has been seen (a small package is quick).
    let progressChecked!: () => void;
    const checked = new Promise<void>((resolve) => (progressChecked = resolve));
    let exportingServed = false;
    await page.route('**/api/packages.status', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as CallResult;
      if (json.ok && (json.value as OutboxStatus).exporting) exportingServed = true;
      else if (exportingServed) await checked;
      await route.fulfill({ response, json });
    });
    const exported = answered(page, 'packages.export');
    await page.getByRole('button', { name: '生成数据包' }).click();
    expect(((await (await exported).json()) as CallResult).ok).toBe(true);
    const progress = page.getByTestId('export-progress');
    await expect(progress).toBeVisible();
    await expect(progress).toContainText('正在生成增量数据包');
    await expect(progress.getByRole('progressbar')).toBeVisible();
    progressChecked();
    await page.unroute('**/api/packages.status');

    const row = page.locator('.packages-outbox tr[data-seq="1"]');
    await expect(row.getByTestId('outbox-state')).toHaveText('已生成', { timeout: 30_000 });
    await expect(progress).toHaveCount(0);
    await expect(row).toContainText(`${SAMPLE_STATION.code}-000001.sdpkg`);
    await expect(row).toContainText('增量');
    await expect(page.getByTestId('export-error')).toHaveCount(0);

    // 拷贝到U盘: a typed folder; the package and 说明.txt land there.
    const usb = join(work, 'U盘');
    mkdirSync(usb);
    await page.getByRole('button', { name: '拷贝到U盘' }).click();
    const copyDialog = page.getByRole('dialog', { name: '拷贝到U盘' });
    await copyDialog.getByLabel('文件夹', { exact: true }).fill(usb);
    const copied = answered(page, 'packages.copyToFolder');
    await copyDialog.getByRole('button', { name: '开始拷贝' }).click();
    expect(((await (await copied).json()) as CallResult).ok).toBe(true);
    const files = copyDialog.getByTestId('copied-files');
    await expect(files).toContainText(`${SAMPLE_STATION.code}-000001.sdpkg`);
    await expect(files).toContainText('说明.txt');
    expect(readdirSync(usb).sort()).toEqual([`${SAMPLE_STATION.code}-000001.sdpkg`, '说明.txt'].sort());
    await copyDialog.getByRole('button', { name: '完成' }).click();
    await expect(row.getByTestId('outbox-state')).toHaveText('已拷贝到U盘');

    // The county takes the package from the stick and writes its receipt back; a stray file
    // beside it is skipped with the reason.
    const publicKey = (await station.api('station.get', {})).signingKey!.publicKey;
    await enrollStation(countyDir, SAMPLE_STATION.code, publicKey);
    const outcome = await receivePackage(
      countyDir,
      readFileSync(join(usb, `${SAMPLE_STATION.code}-000001.sdpkg`)),
    );
    expect(outcome.status).toBe('applied');
    writeFileSync(join(usb, receiptFileName(SAMPLE_STATION.code, 1)), JSON.stringify(outcome.receipt));
    writeFileSync(join(usb, '旧的.receipt'), '{"receipt":"x","signature":"y"}');

    await page.getByRole('button', { name: '导入回执' }).click();
    const receiptDialog = page.getByRole('dialog', { name: '导入回执' });
    await receiptDialog.getByLabel('文件夹', { exact: true }).fill(usb);
    const receipts = answered(page, 'packages.importReceipts');
    await receiptDialog.getByRole('button', { name: '导入回执' }).click();
    expect(((await (await receipts).json()) as CallResult).ok).toBe(true);
    await expect(receiptDialog.getByTestId('receipt-result')).toContainText(
      '县里已确认 1 个数据包，拒收 0 个',
    );
    await expect(receiptDialog.getByRole('list', { name: '没有用上的文件' })).toContainText('旧的.receipt');
    await receiptDialog.getByRole('button', { name: '完成' }).click();
    await expect(row.getByTestId('outbox-state')).toHaveText('已确认');

    // The station's key, large, for reading over the phone at enrolment.
    const key = (await station.api('station.get', {})).signingKey!;
    await expect(page.getByTestId('packages-key').getByTestId('key-fingerprint')).toHaveText(key.fingerprint);
    await expect(page.getByTestId('packages-key').getByTestId('key-id')).toHaveText(key.keyId);
    await screenshot(page, 'packages-outbox');
    expect(existsSync(join(usb, '说明.txt'))).toBe(true);
  });

  test('the profile typed by hand is checked field by field before it is saved', async ({
    page,
    station,
  }) => {
    await openSetUpStation(page, station);
    await openPackages(page);
    await page.getByRole('button', { name: '手动填写' }).click();
    const dialog = page.getByRole('dialog', { name: '手动填写县级接收方' });

    await dialog.getByLabel('第1个加密公钥').fill('age1abc');
    // A click while the dialog still opens (its motion) can be lost: retry until the form answers.
    await expect(async () => {
      await dialog.getByRole('button', { name: '保存' }).click();
      await expect(dialog.locator('[data-field="county"]')).toContainText('请填写县级单位名称', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    await expect(dialog).toContainText('加密公钥格式不对');
    await expect(dialog.locator('[data-field="receiptPublicKey"]')).toContainText('请填写县里的回执签名公钥');
    await dialog.getByLabel('上报地址').fill('ftp://county');
    await dialog.getByLabel('县级单位名称').click();
    await expect(dialog.locator('[data-field="intakeUrl"]')).toContainText('上报地址格式不对');
    await screenshot(page, 'packages-profile-form');

    // Filled in properly (a real receipt key from a county), it is saved and shown.
    const countyDir = join(work, 'county');
    const profileFile = join(work, 'profile.json');
    await initCounty({ dataDir: countyDir, name: '青山县人大常委会', profileOut: profileFile });
    const county = JSON.parse(readFileSync(profileFile, 'utf8')) as {
      recipients: { recipient: string }[];
      receipt_public_key: string;
    };
    await dialog.getByLabel('县级单位名称').fill('青山县人大常委会');
    await dialog.getByLabel('上报地址').fill('https://rd.qingshan.example/intake');
    await dialog.getByLabel('第1个加密公钥').fill(county.recipients[0]!.recipient);
    await dialog.getByRole('button', { name: '再加一个公钥' }).click();
    await dialog.getByLabel('第2个加密公钥').fill(county.recipients[1]!.recipient);
    await dialog.getByLabel('回执签名公钥').fill(county.receipt_public_key);
    const saved = answered(page, 'packages.setProfile');
    await dialog.getByRole('button', { name: '保存' }).click();
    expect(((await (await saved).json()) as CallResult).ok).toBe(true);
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('county-name')).toHaveText('青山县人大常委会');
    await expect(page.getByText('https://rd.qingshan.example/intake')).toBeVisible();
    await expect(page.getByRole('button', { name: '立即上传' })).toBeVisible();
    const status = await station.api('packages.status', {});
    expect(status.profile?.recipients).toHaveLength(2);
    expect(status.profile?.intakeUrl).toBe('https://rd.qingshan.example/intake');

    // 更换签名密钥: after the confirmation the card shows the new key.
    const card = page.getByTestId('packages-key');
    const before = (await station.api('station.get', {})).signingKey!;
    await expect(card.getByTestId('key-fingerprint')).toHaveText(before.fingerprint);
    await card.getByRole('button', { name: '更换签名密钥' }).click();
    const confirm = page.locator('.ant-modal-confirm', { hasText: '更换本站签名密钥？' });
    await expect(confirm).toContainText('下一个数据包会用旧密钥签名');
    const rotated = answered(page, 'keys.rotate');
    await confirm.getByRole('button', { name: '更换密钥' }).click();
    expect(((await (await rotated).json()) as CallResult).ok).toBe(true);
    const after = (await station.api('station.get', {})).signingKey!;
    expect(after.fingerprint).not.toBe(before.fingerprint);
    await expect(card.getByTestId('key-fingerprint')).toHaveText(after.fingerprint);
  });
});
