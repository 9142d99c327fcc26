import { createHash } from 'node:crypto';

/**
 * The sha256 digest of `bytes`, in lowercase hex, computed with Node's `node:crypto`.
 *
 * It is asynchronous to match {@link @dendrite/core!Platform.sha256}, whose browser
 * implementation (Web Crypto) can only be asynchronous.
 *
 * @param bytes - the data to hash
 * @returns 64 lowercase hex digits
 * @category Platform
 * @example
 * ```ts
 * const digest = await sha256Hex(new TextEncoder().encode('abc'));
 * // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return createHash('sha256').update(bytes).digest('hex');
}
