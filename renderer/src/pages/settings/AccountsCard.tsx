/** Being built (issue 9). */
export function AccountsCard() {
  return null;
}
