import h5wasm from 'h5wasm';

/** Everything in an HDF5 file, flattened: each group's attributes and each dataset by path. */
export interface Hdf5Contents {
  readonly attributes: Record<string, Record<string, unknown>>;
  readonly datasets: Record<string, { readonly shape: number[]; readonly data: number[] }>;
}

let count = 0;

/** Reads HDF5 bytes back with h5wasm, for tests of what was written. */
export async function readHdf5(bytes: Uint8Array): Promise<Hdf5Contents> {
  const { FS } = await h5wasm.ready;
  const name = `/read-${++count}.h5`;
  FS.writeFile(name, bytes);
  const file = new h5wasm.File(name, 'r');
  const contents: Hdf5Contents = { attributes: {}, datasets: {} };
  const visit = (group: InstanceType<typeof h5wasm.Group>, path: string): void => {
    contents.attributes[path || '/'] = Object.fromEntries(Object.entries(group.attrs).map(([key, attribute]) => [key, attribute.json_value]));
    for (const key of group.keys()) {
      const child = group.get(key);
      const childPath = `${path}/${key}`;
      if (child instanceof h5wasm.Dataset) {
        contents.datasets[childPath] = { shape: [...(child.shape ?? [])], data: Array.from((child.value ?? []) as ArrayLike<number>) };
      } else if (child instanceof h5wasm.Group) {
        visit(child, childPath);
      }
    }
  };
  try {
    visit(file, '');
  } finally {
    file.close();
    FS.unlink(name);
  }
  return contents;
}
