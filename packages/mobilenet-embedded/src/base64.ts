const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const values = new Uint8Array(128).fill(255);
for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;

/**
 * Decodes standard base64 (with `=` padding) to bytes, the same way in Node and in a browser
 * (neither `Buffer` nor `atob` is needed).
 *
 * @internal
 * @param text - base64 text, its length a multiple of 4
 * @returns the bytes
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64 text of length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let group = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const value = code === 61 ? 0 : code < 128 ? (values[code] as number) : 255;
      if (value === 255) throw new Error(`base64 text has '${text[i + j] ?? ''}' at ${i + j}`);
      group = (group << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = (group >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (group >> 8) & 255;
    if (out < bytes.length) bytes[out++] = group & 255;
  }
  return bytes;
}
