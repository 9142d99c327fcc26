import { DendriteError } from '@dendrite/core';

/** A float32 array stored in an HDF5 file, with its shape (`[]` for a scalar). @internal */
export interface Hdf5Dataset {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** A string or a list of strings stored as an HDF5 attribute. @internal */
export type Hdf5Attribute = string | readonly string[];

/**
 * An HDF5 group described as data: its attributes, datasets and subgroups, each written in the
 * order given (Keras reads layer lists by position).
 *
 * @internal
 */
export interface Hdf5Group {
  readonly attributes?: Readonly<Record<string, Hdf5Attribute>>;
  readonly datasets?: Readonly<Record<string, Hdf5Dataset>>;
  readonly groups?: Readonly<Record<string, Hdf5Group>>;
}

/**
 * The HDF5 library failed while writing. Nothing was written to the destination: the file is
 * built in memory first.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await saveKerasModel(model, 'cats.h5');
 * } catch (error) {
 *   if (error instanceof Hdf5WriteError) console.log(error.path, error.message);
 * }
 * ```
 */
export class Hdf5WriteError extends DendriteError {
  /** The group or dataset being written, such as `/layers/dense/vars/0`. */
  readonly path: string;

  /**
   * @param path - the group or dataset being written
   * @param cause - the library's error
   */
  constructor(path: string, cause: unknown) {
    super(
      'hdf5-write-failed',
      `Could not write '${path}' to an HDF5 file: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check that layer and weight names are not empty and do not contain "/"; report the model if they do not.',
      { cause },
    );
    this.path = path;
  }
}

// h5wasm runs the HDF5 C library compiled to WebAssembly (embedded in its ES module, so it loads the
// same way in Node and bundlers). Its files live in an in-memory file system: each write builds a
// file there, reads the bytes back and removes it. The module is imported on first use so that
// importing @dendrite/keras loads nothing.
type H5Module = typeof import('h5wasm');
type H5Group = InstanceType<H5Module['Group']>;
let loading: Promise<H5Module['default']> | undefined;
let fileCount = 0;

async function h5wasm(): Promise<H5Module['default']> {
  loading ??= import('h5wasm').then(async (module) => {
    await module.default.ready;
    return module.default;
  });
  return loading;
}

/**
 * Writes `root` as an HDF5 file and returns its bytes.
 *
 * @internal
 * @param root - the file's root group
 * @returns the whole file
 * @throws {@link Hdf5WriteError} when the library refuses a name or a dataset
 */
export async function writeHdf5(root: Hdf5Group): Promise<Uint8Array> {
  const h5 = await h5wasm();
  const FS = (await h5.ready).FS;
  fileCount += 1;
  const name = `/dendrite-${fileCount}-${Date.now()}.h5`;
  try {
    const file = new h5.File(name, 'w');
    try {
      writeGroup(file, root, '');
    } finally {
      file.close();
    }
    return FS.readFile(name);
  } finally {
    // The in-memory file goes, whether or not it was written whole.
    if (FS.analyzePath(name).exists) FS.unlink(name);
  }
}

function writeGroup(group: H5Group, content: Hdf5Group, path: string): void {
  for (const [key, value] of Object.entries(content.attributes ?? {})) {
    guard(`${path}@${key}`, () => group.create_attribute(key, typeof value === 'string' ? value : [...value]));
  }
  for (const [key, dataset] of Object.entries(content.datasets ?? {})) {
    guard(`${path}/${key}`, () => {
      checkName(key);
      group.create_dataset({ name: key, data: dataset.data, shape: [...dataset.shape], dtype: '<f' });
    });
  }
  for (const [key, child] of Object.entries(content.groups ?? {})) {
    const childPath = `${path}/${key}`;
    const created = guard(childPath, () => {
      checkName(key);
      return group.create_group(key);
    });
    writeGroup(created, child, childPath);
  }
}

function checkName(name: string): void {
  if (name === '' || name.includes('/')) throw new Error(`'${name}' is not a valid HDF5 link name`);
}

function guard<T>(path: string, write: () => T): T {
  let result: T;
  try {
    result = write();
  } catch (error) {
    throw new Hdf5WriteError(path, error);
  }
  // h5wasm reports some failures by returning null after printing the library's diagnostics.
  if (result === null) throw new Hdf5WriteError(path, new Error('the HDF5 library returned no object'));
  return result;
}
