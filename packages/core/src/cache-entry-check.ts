import { host } from './host-globals.js';

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));
const hdf5Signature = [0x89, ...ascii('HDF\r\n\x1a\n')];
const zipSignature = ascii('PK\x03\x04');

const startsWithAt = (bytes: Uint8Array, signature: readonly number[], at: number): boolean =>
  bytes.length >= at + signature.length && signature.every((value, i) => bytes[at + i] === value);

/**
 * What is structurally wrong with a file, judged by its name's extension where the format has a
 * check: a `.json` must parse, an `.h5` must carry the HDF5 signature (at 0, 512, 1024, ... as the
 * format allows a user block), a `.keras` must start as a zip. Other files pass.
 *
 * @param name - the file's name, URL or cache key
 * @param bytes - its content
 * @returns the problem in words, or undefined when none is found
 * @internal
 * @example
 * ```ts
 * structuralProblem('model.json', new TextEncoder().encode('{"a": 1')); // 'it is not valid JSON (...)'
 * ```
 */
export function structuralProblem(name: string, bytes: Uint8Array): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name.replace(/[?#].*$/, ''))?.[1]?.toLowerCase();
  switch (extension) {
    case 'json':
      try {
        JSON.parse(new host.TextDecoder('utf-8').decode(bytes));
        return undefined;
      } catch (error) {
        return `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
      }
    case 'h5':
    case 'hdf5':
      for (let at = 0; at + hdf5Signature.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
        if (startsWithAt(bytes, hdf5Signature, at)) return undefined;
      }
      return 'it has no HDF5 signature, so it is not an .h5 file';
    case 'keras':
    case 'zip':
      return startsWithAt(bytes, zipSignature, 0) ? undefined : 'it does not start as a zip archive, so it is not a .keras file';
    default:
      return undefined;
  }
}

