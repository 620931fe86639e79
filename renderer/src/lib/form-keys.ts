import type React from 'react';

/**
 * The forms' keyboard, as on paper forms: Enter in a one-line box goes to the next field,
 * Ctrl+Enter saves. Selects, date pickers, checkboxes and radios keep Enter for themselves.
 */
export function paperFormKeyDown(event: React.KeyboardEvent<HTMLFormElement>, save: () => unknown): void {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    void save();
    return;
  }
  const target = event.target as HTMLElement;
  if (target.tagName !== 'INPUT' || target.getAttribute('role') === 'combobox') return;
  const type = (target as HTMLInputElement).type;
  if (type === 'checkbox' || type === 'radio' || type === 'file') return;
  if (target.closest('.ant-picker')) return;
  event.preventDefault();
  const focusables = [
    ...event.currentTarget.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]):not([type=file]):not([disabled]):not([type=radio]), textarea, .ant-radio-wrapper-checked input',
    ),
  ].filter((el) => el.offsetParent !== null && el.tabIndex >= 0 && !el.closest('.ant-picker'));
  focusables[focusables.indexOf(target) + 1]?.focus();
}
