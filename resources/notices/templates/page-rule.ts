import { useEffect } from 'react';

/**
 * Sets `@page` to the board's paper with no margin while the board is shown. The <style> goes
 * at the end of <head>, after the app's stylesheet, so it overrides the app's A4 rule.
 */
export function usePageRule(widthMm: number, heightMm: number): void {
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.boardPage = '';
    style.textContent =
      `@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }\n` +
      `@media print { @page { size: ${widthMm}mm ${heightMm}mm; margin: 0; } ` +
      `html, body { width: ${widthMm}mm; } }`;
    document.head.appendChild(style);
    return () => style.remove();
  }, [widthMm, heightMm]);
}
