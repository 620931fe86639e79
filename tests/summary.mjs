// Prints one closing line for CI, "N passed, N failed, N skipped", from the JSON reports that
// Vitest and Playwright write under tests/output/. Missing reports count as not run.
import { existsSync, readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };

const vitest = 'tests/output/vitest.json';
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`unit + integration (vitest): ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
} else {
  console.log('unit + integration (vitest): no report (not run)');
}

const playwright = 'tests/output/playwright.json';
if (existsSync(playwright)) {
  const s = JSON.parse(readFileSync(playwright, 'utf8')).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  console.log(`e2e (playwright): ${(s.expected ?? 0) + (s.flaky ?? 0)} passed, ${s.unexpected ?? 0} failed`);
} else {
  console.log('e2e (playwright): no report (not run)');
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
