import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Text from the database is never rendered as HTML: React escapes what it renders, so the only
// ways in are the raw-HTML APIs below (and code built from strings). None may appear in the
// renderer or the notice templates unless listed in ALLOWED with the reason it is safe.

const ROOTS = ['renderer', 'resources/notices'];
const SOURCE = /\.(tsx?|jsx?|mjs|cjs|html|svg)$/;

const FORBIDDEN: [string, RegExp][] = [
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['innerHTML', /\.innerHTML\b|\binnerHTML\s*[:=]/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['eval', /(^|[^.\w$])eval\s*\(/],
  ['setTimeout/setInterval with a string', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['srcdoc', /\bsrcdoc\b/i],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
];

/** `path: pattern name` → why that use is safe. Empty today: keep it short. */
const ALLOWED: Record<string, string> = {};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : SOURCE.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('no raw HTML in the renderer or the notice templates', () => {
  const all = ROOTS.flatMap((root) => files(root));

  it('finds the sources it is meant to check', () => {
    expect(all.filter((f) => f.endsWith('.tsx')).length).toBeGreaterThan(50);
    expect(all).toContain(join('resources', 'notices', 'templates', 'NoticeBoard.tsx'));
  });

  it('uses none of the raw-HTML or code-from-string APIs', () => {
    const found: string[] = [];
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      for (const [name, pattern] of FORBIDDEN) {
        const key = `${relative('.', file)}: ${name}`;
        if (pattern.test(text) && !ALLOWED[key]) found.push(key);
      }
    }
    expect(found).toEqual([]);
  });

  it('the check itself catches each pattern', () => {
    const samples = [
      '<div dangerouslySetInnerHTML={{ __html: x }} />',
      'el.innerHTML = name',
      'el.outerHTML',
      "el.insertAdjacentHTML('beforeend', x)",
      'document.write(x)',
      "new Function('return 1')",
      'eval(code)',
      "setTimeout('alert(1)', 1)",
      '<iframe srcDoc={x} />',
      'range.createContextualFragment(x)',
    ];
    samples.forEach((sample, i) => expect(FORBIDDEN[i]![1].test(sample), sample).toBe(true));
    expect(FORBIDDEN.find(([n]) => n === 'eval')![1].test('model.evaluate(x)')).toBe(false);
  });

  it('every allow-list entry still matches something (no stale exceptions)', () => {
    for (const key of Object.keys(ALLOWED)) {
      const [file, name] = key.split(': ');
      const pattern = FORBIDDEN.find(([n]) => n === name)![1];
      expect(pattern.test(readFileSync(file!, 'utf8')), key).toBe(true);
    }
  });
});
