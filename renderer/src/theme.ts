import type { ThemeConfig } from 'antd';

/** The bundled fonts first, so Chinese looks the same on every PC (DESIGN.md: UI). */
export const SANS_FONT = "'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
export const SERIF_FONT = "'Noto Serif SC', 'SimSun', serif";
export const MONO_FONT = "'DejaVu Sans Mono', 'Consolas', 'Courier New', monospace";

export const PRIMARY_RED = '#b71c1c';
const FIELD_HOVER_BORDER = '#8c8c8c';

/**
 * Large, calm and readable: clerks are often older and read the screen from a distance.
 * Base type 17 px, controls at least 44 px high, little rounding, one dignified red.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY_RED,
    colorLink: PRIMARY_RED,
    colorInfo: '#1f4e79',
    colorError: '#c62828',
    colorText: '#1f1f1f',
    colorTextSecondary: '#4a4a4a',
    colorTextTertiary: '#6b6b6b',
    colorBgLayout: '#f4f2ee',
    fontFamily: SANS_FONT,
    fontFamilyCode: MONO_FONT,
    fontSize: 17,
    fontSizeSM: 15,
    fontSizeLG: 19,
    fontSizeHeading1: 30,
    fontSizeHeading2: 26,
    fontSizeHeading3: 22,
    fontSizeHeading4: 19,
    fontWeightStrong: 700,
    lineHeight: 1.65,
    controlHeight: 44,
    controlHeightLG: 52,
    controlHeightSM: 34,
    borderRadius: 4,
    borderRadiusLG: 6,
    wireframe: false,
  },
  components: {
    Layout: {
      headerBg: '#9e1a1a',
      headerHeight: 72,
      headerPadding: '0 32px',
      siderBg: '#ffffff',
      bodyBg: '#f4f2ee',
    },
    Menu: {
      itemHeight: 54,
      itemMarginBlock: 4,
      itemMarginInline: 10,
      itemBorderRadius: 4,
      iconSize: 20,
      iconMarginInlineEnd: 14,
      itemSelectedBg: '#fbeaea',
      itemSelectedColor: PRIMARY_RED,
      itemHoverBg: '#f6eeee',
      fontSize: 18,
    },
    Card: { headerFontSize: 20, headerHeight: 64, bodyPadding: 28 },
    Descriptions: { labelColor: '#5a5a5a', titleMarginBottom: 16, itemPaddingBottom: 18 },
    Form: { labelFontSize: 17, verticalLabelPadding: '0 0 6px', itemMarginBottom: 26 },
    Table: { headerBg: '#f7f3ef', cellPaddingBlock: 14 },
    Statistic: { contentFontSize: 36, titleFontSize: 17 },
    Steps: { titleLineHeight: 30 },
    Alert: { withDescriptionPadding: '18px 24px' },
    Button: { fontWeight: 500, contentFontSizeLG: 18 },
    // Hovering a field darkens its border to grey; red stays for focus and for errors, so a
    // field under the mouse never looks refused.
    Input: { hoverBorderColor: FIELD_HOVER_BORDER },
    InputNumber: { hoverBorderColor: FIELD_HOVER_BORDER },
    Select: { hoverBorderColor: FIELD_HOVER_BORDER },
    DatePicker: { hoverBorderColor: FIELD_HOVER_BORDER },
  },
};
