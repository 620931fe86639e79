import type { CountyProfile, CountyProfileInput } from '../../api/contract';
import type { ServiceContext } from '../context';

/**
 * The county profile: who receives this station's packages. The county hands it out as a
 * small JSON file (`county init --profile-out`); the clerk imports it or types it in settings.
 *
 *   { "format": "station-desk/county-profile", "version": 1, "county": "…", "intake_url": "…",
 *     "recipients": [{ "label": "…", "recipient": "age1…" }], "receipt_public_key": "untrusted comment: …\n…" }
 */
export const PROFILE_FORMAT = 'station-desk/county-profile';

/** The profile file's text, as the county writes it. */
export function profileFileText(profile: Omit<CountyProfileInput, never>): string {
  throw new Error(`not implemented ${profile.county}`);
}

/** The profile in a file's text; StationError (Chinese, what is wrong) when it is not one. */
export function parseProfileFile(text: string): CountyProfileInput {
  throw new Error(`not implemented ${text.length}`);
}

export async function getProfile(ctx: ServiceContext): Promise<CountyProfile | null> {
  throw new Error(`not implemented ${ctx.dataDir}`);
}

export async function setProfile(ctx: ServiceContext, input: CountyProfileInput): Promise<CountyProfile> {
  throw new Error(`not implemented ${ctx.dataDir} ${input.county}`);
}

export async function importProfile(ctx: ServiceContext, text: string): Promise<CountyProfile> {
  return setProfile(ctx, parseProfileFile(text));
}
