/** Being built (issue 9). */
export function BackupCard() {
  return null;
}
