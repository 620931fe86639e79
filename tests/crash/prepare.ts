import { closeStation } from '../../main/services/context';
import { formatPublicKey, generateSigningKey } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import { setProfile } from '../../main/services/packages/profile';
import { setUpStation } from '../../main/services/station';
import { addDeputy } from '../helpers/receptions';
import { SAMPLE_STATION, openStationAt } from '../helpers/station';

/**
 * A station data folder ready for every write path (crash and disk-full tests): set up, with
 * the county's profile (so exports encrypt) and one deputy; closed again.
 */
export async function prepareStation(dataDir: string): Promise<void> {
  const ctx = await openStationAt(dataDir);
  try {
    await setUpStation(ctx, SAMPLE_STATION);
    await setProfile(ctx, {
      county: '青山县',
      intakeUrl: '',
      recipients: [{ label: '县人大', recipient: (await generateAgeIdentity()).recipient }],
      receiptPublicKey: formatPublicKey(generateSigningKey()),
    });
    await addDeputy(ctx);
  } finally {
    await closeStation(ctx);
  }
}
