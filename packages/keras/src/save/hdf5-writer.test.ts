import h5wasm from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { readHdf5 } from '../testing/read-hdf5.js';
import { Hdf5WriteError, writeHdf5 } from './hdf5-writer.js';

async function leftoverFiles(): Promise<string[]> {
  const { FS } = await h5wasm.ready;
  return FS.readdir('/').filter((name: string) => name.startsWith('dendrite-'));
}

describe('writeHdf5', () => {
  it('writes groups, float32 datasets of any shape, and string and string-list attributes', async () => {
    const bytes = await writeHdf5({
      attributes: { note: 'hello', names: ['a', 'b'] },
      groups: { layers: { groups: { dense: { datasets: { kernel: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] }, empty: { data: new Float32Array(0), shape: [0] } } } } } },
    });
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
    const file = await readHdf5(bytes);
    expect(file.attributes['/']).toEqual({ note: 'hello', names: ['a', 'b'] });
    expect(file.datasets['/layers/dense/kernel']).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
    expect(file.datasets['/layers/dense/empty']?.shape).toEqual([0]);
    expect(await leftoverFiles()).toEqual([]);
  });

  it('turns a name the library refuses into an Hdf5WriteError naming the path, and leaves no file behind', async () => {
    const error = await writeHdf5({ groups: { layers: { groups: { 'a/b': {} } } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Hdf5WriteError);
    expect(error).toMatchObject({ path: '/layers/a/b', code: 'hdf5-write-failed' });
    expect(await leftoverFiles()).toEqual([]);
  });
});
