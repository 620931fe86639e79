import { useEffect, useRef, type RefObject } from 'react';
import type { InputRef } from 'antd';

/** A dialog is showing (antd keeps closed ones in the page, hidden). */
function dialogOpen(): boolean {
  return [...document.querySelectorAll('.ant-modal-wrap')].some(
    (el) => getComputedStyle(el).display !== 'none',
  );
}

/**
 * The keyboard of a list page: "/" or Ctrl+F focuses the search box, ↑ ↓ move the selected row
 * (rows carry `data-row-index`), Enter opens it. While the list is still catching up with what
 * was typed (`settled` false), Enter waits and opens the first match as soon as it arrives.
 */
export function useListKeyboard<T>(options: {
  items: T[];
  selected: number;
  setSelected: (index: number) => void;
  settled: boolean;
  searchRef: RefObject<InputRef | null>;
  open: (row: T) => void;
}): void {
  const { items, selected, setSelected, settled, searchRef, open } = options;
  const latest = useRef({ items, selected, settled, open });
  const openWhenSettled = useRef(false);
  useEffect(() => {
    latest.current = { items, selected, settled, open };
    if (settled && openWhenSettled.current) {
      openWhenSettled.current = false;
      const row = items[selected];
      if (row) open(row);
    }
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialogOpen()) return;
      const target = event.target as HTMLElement | null;
      const inSearch = !!target && target === searchRef.current?.input;
      const typing =
        !!target &&
        !inSearch &&
        (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.isContentEditable);
      if (
        (event.key === 'f' && (event.ctrlKey || event.metaKey)) ||
        (event.key === '/' && !inSearch && !typing)
      ) {
        event.preventDefault();
        searchRef.current?.focus({ cursor: 'all' });
        return;
      }
      if (typing || target?.closest?.('.ant-select, .ant-picker')) return;
      const { items: rows, selected: current, settled: ready, open: openRow } = latest.current;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!rows.length) return;
        event.preventDefault();
        const next = Math.min(rows.length - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
        setSelected(next);
        document.querySelector(`[data-row-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
      } else if (event.key === 'Enter' && !event.isComposing) {
        const row = rows[current];
        if (inSearch && !ready) {
          event.preventDefault();
          openWhenSettled.current = true;
        } else if (row && (inSearch || target?.tagName === 'BODY' || target?.tagName === 'TR')) {
          event.preventDefault();
          openRow(row);
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [searchRef, setSelected]);
}
