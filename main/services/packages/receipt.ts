import { parsePublicKey, signMinisign, verifyMinisign, type SigningKey } from '../keys';
import { receiptSchema, signedReceiptSchema, type Receipt, type SignedReceipt } from './format';

/**
 * The county's answer for one package, signed with the county's receipt key (minisign, like
 * the packages), so the station believes a confirmation only from its county.
 */

export function signReceipt(receipt: Receipt, key: SigningKey): SignedReceipt {
  const text = JSON.stringify(receiptSchema.parse(receipt));
  return {
    receipt: text,
    signature: signMinisign(
      Buffer.from(text, 'utf8'),
      key,
      `receipt station=${receipt.station} seq=${receipt.seq} status=${receipt.status}`,
    ),
  };
}

/**
 * The receipt inside a signed receipt document, when the county's key signed it; else null.
 * `document` is the parsed JSON of an HTTP answer or a .receipt file.
 */
export function openReceipt(document: unknown, countyPublicKeyText: string): Receipt | null {
  const signed = signedReceiptSchema.safeParse(document);
  if (!signed.success) return null;
  const check = verifyMinisign(
    Buffer.from(signed.data.receipt, 'utf8'),
    signed.data.signature,
    parsePublicKey(countyPublicKeyText),
  );
  if (!check.valid) return null;
  try {
    const parsed = receiptSchema.safeParse(JSON.parse(signed.data.receipt));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
