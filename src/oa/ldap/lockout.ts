import { type BerReader, Control, InvalidCredentialsError } from "ldapts";

/**
 * A directory that locked an account answers a bind with result 49 (invalid credentials), the
 * same as a wrong password; only these tell the two apart:
 * - OpenLDAP's ppolicy overlay (with `ppolicy_use_lockout`): the password policy response control
 *   carries error accountLocked (draft-behera-ldap-password-policy-10 §6.2), when the bind asked
 *   for it with the request control (OID 1.3.6.1.4.1.42.2.27.8.5.1, no value);
 * - Active Directory: the diagnostic message holds "data 775" (ERROR_ACCOUNT_LOCKED_OUT).
 */
export const PASSWORD_POLICY_OID = "1.3.6.1.4.1.42.2.27.8.5.1";
/** PasswordPolicyResponseValue's error enumeration: accountLocked (1). */
const ACCOUNT_LOCKED = 1;

/**
 * The request control; ldapts hands the server's response control of the same type back to it
 * (parseControl), on a failed bind too.
 */
export class PasswordPolicyControl extends Control {
  /** The response's error, when the server sent one. */
  error: number | undefined;

  constructor() {
    super(PASSWORD_POLICY_OID, { critical: false });
  }

  protected override parseControl(reader: BerReader): void {
    this.error = policyError(reader.remainingBuffer);
  }
}

/**
 * PasswordPolicyResponseValue ::= SEQUENCE { warning [0] … OPTIONAL, error [1] ENUMERATED OPTIONAL }:
 * the error's value, read by hand (tags 0xa0 and 0x81; short or long BER lengths).
 */
export function policyError(value: Buffer): number | undefined {
  let at = 0;
  const length = (): number => {
    const first = value[at++] ?? 0;
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = (n << 8) | (value[at++] ?? 0);
    return n;
  };
  if (value[at++] !== 0x30) return undefined;
  const end = Math.min(value.length, length() + at);
  while (at < end) {
    const tag = value[at++];
    const len = length();
    if (tag === 0x81) return value.subarray(at, at + len).reduce((n, b) => (n << 8) | b, 0);
    at += len;
  }
  return undefined;
}

/** Whether a refused bind was refused because the directory locked the account. */
export function isLockedOut(e: unknown, control: PasswordPolicyControl): boolean {
  if (!(e instanceof InvalidCredentialsError)) return false;
  return control.error === ACCOUNT_LOCKED || /\bdata 775\b/i.test(e.message);
}
