import type { SigningKeyInfo } from '../api';

/** The key id and fingerprint, large enough to read out over the phone. */
export function KeyFingerprint({ info }: { info: SigningKeyInfo }) {
  return (
    <dl className="key-facts">
      <div className="key-fact">
        <dt>密钥编号</dt>
        <dd className="mono" data-testid="key-id">
          {info.keyId}
        </dd>
      </div>
      <div className="key-fact">
        <dt>密钥指纹</dt>
        <dd className="mono key-fingerprint" data-testid="key-fingerprint">
          {info.fingerprint}
        </dd>
      </div>
    </dl>
  );
}
