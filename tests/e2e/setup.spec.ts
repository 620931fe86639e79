import { expect, formItem, SAMPLE_STATION, screenshot, test } from './fixtures';

test.describe('first run', () => {
  test('the wizard refuses bad input under the right field, then sets up the station and shows it on the home page', async ({
    page,
    station,
  }) => {
    await page.goto(station.openUrl);

    await expect(page.getByRole('heading', { name: '欢迎使用联络站工作台' })).toBeVisible();
    // The token left the address bar once the page had it.
    await expect(page).not.toHaveURL(/token=/);
    // The clerk can type at once.
    const code = page.getByLabel('站点编码', { exact: true });
    await expect(code).toBeFocused();

    // A code in Chinese characters, and the station's name forgotten.
    await code.pressSequentially('莲花镇001');
    await page.getByLabel('所在乡镇（街道）').fill(SAMPLE_STATION.township);
    await page.getByLabel('所属县（市、区）').fill(SAMPLE_STATION.county);
    await page.getByRole('button', { name: '下一步' }).click();

    await expect(formItem(page, '站点编码').locator('.ant-form-item-explain-error')).toHaveText(
      '站点编码只能用字母、数字和短横线，例如 LHX-001（县里分配的编码）',
    );
    await expect(formItem(page, '站点名称').locator('.ant-form-item-explain-error')).toHaveText(
      '请填写站点名称',
    );
    // Other fields carry no message, and the wizard stayed on the first step.
    await expect(formItem(page, '所在乡镇（街道）').locator('.ant-form-item-explain-error')).toHaveCount(0);
    await expect(page.getByLabel('地址', { exact: true })).toHaveCount(0);
    await screenshot(page, 'setup-errors');
    // Nothing was saved.
    expect((await station.api('station.get', {})).setUp).toBe(false);

    // Fix both, going on with Enter as a clerk used to paper forms would.
    await code.fill('');
    await code.pressSequentially(SAMPLE_STATION.code);
    await expect(formItem(page, '站点编码').locator('.ant-form-item-explain-error')).toHaveCount(0);
    await code.press('Enter');
    const name = page.getByLabel('站点名称');
    await expect(name).toBeFocused();
    await name.pressSequentially(SAMPLE_STATION.name);
    await name.press('Enter');
    await expect(page.getByLabel('所在乡镇（街道）')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('所属县（市、区）')).toBeFocused();
    await page.keyboard.press('Enter');

    // Step 2: address, phone, opening hours; Enter in the last field saves.
    const address = page.getByLabel('地址', { exact: true });
    await expect(address).toBeFocused();
    await address.pressSequentially(SAMPLE_STATION.address);
    await page.keyboard.press('Enter');
    await page.getByLabel('联系电话').pressSequentially(SAMPLE_STATION.phone);
    await page.keyboard.press('Enter');
    const hours = page.getByLabel('开放时间');
    await expect(hours).toBeFocused();
    await expect(hours).toHaveAttribute('placeholder', /每周三上午9:00—11:30/);
    await hours.pressSequentially(SAMPLE_STATION.openingHours);
    await page.keyboard.press('Enter');

    // Done: the signing key is shown, the same one the service keeps.
    await expect(page.getByRole('heading', { name: '本站设置完成' })).toBeVisible();
    const status = await station.api('station.get', {});
    expect(status.setUp).toBe(true);
    expect(status.station).toMatchObject(SAMPLE_STATION);
    await expect(page.getByTestId('key-id')).toHaveText(status.signingKey!.keyId);
    await expect(page.getByTestId('key-fingerprint')).toHaveText(status.signingKey!.fingerprint);
    await screenshot(page, 'setup-done');

    await page.getByRole('button', { name: '进入工作台' }).click();

    // Home: the station in the header and in its details card, with the live counts.
    await expect(page.getByRole('heading', { name: '工作台', level: 1 })).toBeVisible();
    await expect(page.getByTestId('header-station')).toContainText(SAMPLE_STATION.name);
    const details = page.getByTestId('home-station');
    for (const value of Object.values(SAMPLE_STATION)) await expect(details).toContainText(value);
    const summary = await station.api('home.summary', {});
    expect(summary.counts.length).toBeGreaterThan(0);
    for (const count of summary.counts) {
      const card = page.getByTestId(`count-${count.key}`);
      await expect(card).toContainText(count.label);
      await expect(card).toContainText(String(count.value));
    }
    await expect(page.getByTestId('last-change')).toContainText(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    await expect(page.getByTestId('last-change')).toContainText(/前/);
    await screenshot(page, 'home');
  });

  test('refusals from the service: one about a field lands under it, others show above the buttons', async ({
    page,
    station,
  }) => {
    await page.goto(station.openUrl);
    await page.getByLabel('站点编码', { exact: true }).fill(SAMPLE_STATION.code);
    await page.getByLabel('站点名称').fill(SAMPLE_STATION.name);
    await page.getByLabel('所在乡镇（街道）').fill(SAMPLE_STATION.township);
    await page.getByLabel('所属县（市、区）').fill(SAMPLE_STATION.county);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('地址', { exact: true }).fill(SAMPLE_STATION.address);
    await page.getByLabel('联系电话').fill(SAMPLE_STATION.phone);
    await page.getByLabel('开放时间').fill(SAMPLE_STATION.openingHours);

    // Rules only the service knows are simulated here: the schema on both sides agrees.
    const refusals = [
      { code: 'DISK_FULL', message: '磁盘已满，本次没有保存。请清理磁盘后重试。' },
      {
        code: 'VALIDATION',
        message: '站点编码 LHX-001 已被其他联络站使用，请向县人大常委会核对。',
        field: 'code',
      },
    ];
    await page.route('**/api/station.setup', async (route) => {
      const error = refusals.shift();
      if (!error) return route.continue();
      await route.fulfill({ json: { ok: false, error } });
    });

    await page.getByRole('button', { name: '完成设置' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '磁盘已满' })).toBeVisible();
    await expect(page.getByLabel('开放时间')).toBeVisible();

    await page.getByRole('button', { name: '完成设置' }).click();
    // Back on step 1, with the message under the code.
    await expect(formItem(page, '站点编码').locator('.ant-form-item-explain-error')).toHaveText(
      '站点编码 LHX-001 已被其他联络站使用，请向县人大常委会核对。',
    );
    await expect(page.getByLabel('站点编码', { exact: true })).toBeFocused();
    expect((await station.api('station.get', {})).setUp).toBe(false);

    // The third try reaches the service.
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '完成设置' }).click();
    await expect(page.getByRole('heading', { name: '本站设置完成' })).toBeVisible();
    expect((await station.api('station.get', {})).setUp).toBe(true);
  });
});
