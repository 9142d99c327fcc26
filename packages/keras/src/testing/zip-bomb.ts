import { Deflate, strToU8 } from 'fflate';
import { crc32 } from '../archive/crc32.js';

interface Entry {
  readonly name: string;
  readonly data: Uint8Array;
  readonly method: 0 | 8;
  readonly crc: number;
  readonly declaredSize: number;
}

/** Deflates `megabytes` MiB of zeros one MiB at a time, so the bomb is built without holding it. */
export function deflatedZeros(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let index = 0; index < megabytes; index += 1) deflate.push(zeros, index === megabytes - 1);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A zip of the given entries, each declared as given (sizes may lie). */
export function zipOf(entries: readonly Entry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = strToU8(entry.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, entry.method, true);
    local.setUint32(14, entry.crc, true);
    local.setUint32(18, entry.data.length, true);
    local.setUint32(22, entry.declaredSize, true);
    local.setUint16(26, name.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(10, entry.method, true);
    header.setUint32(16, entry.crc, true);
    header.setUint32(20, entry.data.length, true);
    header.setUint32(24, entry.declaredSize, true);
    header.setUint16(28, name.length, true);
    header.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, entry.data);
    central.push(new Uint8Array(header.buffer), name);
    offset += 30 + name.length + entry.data.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A `.keras`-named zip whose weights entry is `megabytes` MiB of zeros, declared honestly or as `declaredSize`. */
export function zipBomb(megabytes: number, declaredSize = megabytes << 20): Uint8Array {
  const config = strToU8('{"class_name": "Sequential", "config": {"name": "bomb", "layers": []}}');
  return zipOf([
    { name: 'config.json', data: config, method: 0, crc: crc32(config), declaredSize: config.length },
    { name: 'model.weights.h5', data: deflatedZeros(megabytes), method: 8, crc: 0, declaredSize },
  ]);
}
