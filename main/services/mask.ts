/**
 * Citizens' personal data is masked wherever many records are shown at once (lists, CLI,
 * printed ledgers); the full value appears only on one record's own page (DOMAIN.md: rules).
 */

/** 13812345678 → 138****5678; 0571-88886666 → 0571****6666; short or empty values unchanged. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  const head = digits.startsWith('0') ? digits.slice(0, 4) : digits.slice(0, 3);
  return `${head}****${digits.slice(-4)}`;
}

/** 110105194912310025 → 110***********0025 (first three, last four). */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return id;
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** A visitor who asked for confidentiality appears as 王某 in lists. */
export function maskName(name: string): string {
  const first = [...name][0];
  return first ? `${first}某` : name;
}
