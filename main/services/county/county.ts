import type { SignedReceipt } from '../packages/format';

/**
 * The county's side (`station-desk county …`): its keys, the enrolled stations, and one
 * replica database per station (`stations/<code>.db`, the station's own schema) into which
 * packages are applied in order, all of a package or nothing.
 */

export interface StationReport {
  code: string;
  name: string;
  lastSeq: number;
  /** Sequence numbers held back because an earlier one is missing. */
  held: number[];
  /** The missing ones. */
  gaps: number[];
  lastSeenAt: string | null;
  rows: number;
}

export async function initCounty(options: {
  dataDir: string;
  name: string;
  profileOut: string;
  intakeUrl?: string;
}): Promise<{ profilePath: string; escrowIdentityPath: string }> {
  throw new Error(`not implemented ${options.dataDir}`);
}

export async function enrollStation(dataDir: string, code: string, publicKeyText: string): Promise<void> {
  throw new Error(`not implemented ${dataDir} ${code} ${publicKeyText.length}`);
}

/**
 * Checks and applies one package (DESIGN.md order) and answers with a signed receipt: applied,
 * held (a gap), or rejected with its code. A duplicate returns the same receipt again.
 */
export async function receivePackage(
  dataDir: string,
  bytes: Uint8Array,
): Promise<{ receipt: SignedReceipt; status: 'applied' | 'held' | 'rejected'; code: string | null }> {
  throw new Error(`not implemented ${dataDir} ${bytes.length}`);
}

export async function countyStatus(dataDir: string): Promise<StationReport[]> {
  throw new Error(`not implemented ${dataDir}`);
}

/** All stations' records of a period as one ledger workbook. */
export async function countyExport(dataDir: string, out: string, from?: string, to?: string): Promise<void> {
  throw new Error(`not implemented ${dataDir} ${out} ${from} ${to}`);
}
