import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';

export const APP_TITLE = '联络站工作台';

export interface MenuOptions {
  /** Developer tools appear only in unpackaged development runs. */
  isPackaged: boolean;
  showAbout: () => void;
}

/** The Chinese application menu. Editing and zoom use Electron's built-in roles. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: '重新加载' },
    { type: 'separator' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { role: 'resetZoom', label: '实际大小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ];
  if (!options.isPackaged) {
    view.push({ type: 'separator' }, { role: 'toggleDevTools', label: '开发者工具' });
  }
  return [
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    { label: '视图', submenu: view },
    { label: '帮助', submenu: [{ label: `关于${APP_TITLE}`, click: options.showAbout }] },
  ];
}

export function showAboutDialog(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: `关于${APP_TITLE}`,
    message: APP_TITLE,
    detail: [
      `版本：${app.getVersion()}`,
      `Electron：${process.versions.electron ?? '—'}`,
      `Chromium：${process.versions.chrome ?? '—'}`,
      '人大代表联络站的台账、接待登记与向县人大报送。',
    ].join('\n'),
    buttons: ['确定'],
  });
}

export function installMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ isPackaged: app.isPackaged, showAbout: showAboutDialog })),
  );
}
