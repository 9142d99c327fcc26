// Test support: the damaged-image table that fixtures/damaged-images.py wrote with Pillow's verdicts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What Pillow did with one file: its RGB pixels' size and sha256, or the exception it raised. */
export type PillowVerdict =
  | { readonly decodes: true; readonly width: number; readonly height: number; readonly sha256: string }
  | { readonly decodes: false; readonly error: string };

/** One byte edit, as damaged-images.py applies it. */
export type ByteEdit =
  | { readonly op: 'truncate'; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly hex: string }
  | { readonly op: 'fill'; readonly start: number; readonly end: number; readonly value: number }
  | { readonly op: 'xor'; readonly at: number; readonly value: number };

/** One damaged file of the table, rebuilt from its intact base. */
export interface DamagedImage {
  readonly base: string;
  readonly damage: string;
  readonly bytes: Uint8Array;
  readonly pillow: PillowVerdict;
}

interface Fixture {
  readonly pillow: string;
  readonly bases: Record<string, { readonly sha256: string; readonly file?: string; readonly base64?: string }>;
  readonly cases: readonly {
    readonly base: string;
    readonly damage: string;
    readonly edits: readonly ByteEdit[];
    readonly pillow: PillowVerdict;
  }[];
}

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const repositoryRoot = resolve(fixtures, '../../../..');

/** The Pillow script that wrote the fixture; `--verdict FILES` asks it about files again. */
export const pillowScript = join(fixtures, 'damaged-images.py');

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Applies the edits in order, as damaged-images.py does. */
export function applyEdits(data: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let out = Uint8Array.from(data);
  for (const edit of edits) {
    if (edit.op === 'truncate') out = out.slice(0, edit.length);
    else if (edit.op === 'insert')
      out = Uint8Array.from([...out.subarray(0, edit.at), ...Buffer.from(edit.hex, 'hex'), ...out.subarray(edit.at)]);
    else if (edit.op === 'fill') out.fill(edit.value, edit.start, edit.end);
    else out[edit.at] = (out[edit.at] ?? 0) ^ edit.value;
  }
  return out;
}

/**
 * The damaged-image table of fixtures/damaged-images.json: each case's bytes rebuilt from its base
 * (boef.jpg from the repository, the others stored in the fixture) with Pillow's verdict.
 */
export function loadDamagedImages(): { readonly pillowVersion: string; readonly cases: readonly DamagedImage[] } {
  const fixture = JSON.parse(readFileSync(join(fixtures, 'damaged-images.json'), 'utf8')) as Fixture;
  const bases = new Map<string, Uint8Array>();
  for (const [name, base] of Object.entries(fixture.bases)) {
    const bytes = base.file === undefined ? Buffer.from(base.base64 ?? '', 'base64') : readFileSync(join(repositoryRoot, base.file));
    if (sha256(bytes) !== base.sha256) throw new Error(`${name} is not the file damaged-images.py saw; run it again`);
    bases.set(name, bytes);
  }
  const cases = fixture.cases.map(({ base, damage, edits, pillow }) => ({
    base,
    damage,
    pillow,
    bytes: applyEdits(bases.get(base)!, edits),
  }));
  return { pillowVersion: fixture.pillow, cases };
}
