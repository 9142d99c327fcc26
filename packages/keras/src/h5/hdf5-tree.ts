import * as jsfive from 'jsfive';
import { checkHdf5Header } from './check-hdf5-header.js';
import { KerasH5FormatError } from './errors.js';

/** A typed view of one HDF5 dataset. @internal */
export interface Hdf5Dataset {
  readonly kind: 'dataset';
  /** Full path inside the file, such as `/model_weights/dense/dense/kernel:0`. */
  readonly path: string;
  readonly shape: readonly number[];
  /** NumPy-style element type, such as `<f4`; `'unsupported'` for compound or variable-length data. */
  readonly dtype: string;
  /** The elements as float32, row-major. Throws KerasH5FormatError for non-numeric data. */
  readFloat32(): Float32Array;
}

/** A typed view of one HDF5 group. @internal */
export interface Hdf5Group {
  readonly kind: 'group';
  readonly path: string;
  /** Names of the group's children, in the file's order. */
  readonly keys: readonly string[];
  /** The group's attributes (strings, numbers, arrays of them; null where the type is unsupported). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The group or dataset at a relative `a/b/c` path, or undefined when there is none. */
  find(path: string): Hdf5Group | Hdf5Dataset | undefined;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** jsfive throws strings, TypeErrors and RangeErrors alike on damaged files: give them one type. */
function guard<T>(source: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof KerasH5FormatError) throw cause;
    throw new KerasH5FormatError(
      source,
      `${what} could not be read (${describe(cause)}); the file is damaged or uses an HDF5 feature this reader lacks`,
      'Re-save the file with Keras (`model.save_weights("x.h5")` or `model.save("x.h5")`) and try again.',
      { cause },
    );
  }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number';
}

const numericType = /^[<>=|!]?[fiu]\d+$/;

/** How far deflate can expand its input, and so the most a compressed dataset can hold per stored byte. */
const deflateLimit = 1032;
const dataLayoutMessage = 8;

/**
 * Checks that the bytes a dataset declares (its shape times its element size) can be in the file:
 * contiguous data must lie inside it, chunked data cannot unpack to more than deflate's limit. A
 * forged header declaring 100 GB is refused here, before the reader allocates anything.
 */
function checkDeclaredSize(dataset: jsfive.Dataset, declared: number, bytes: Uint8Array, source: string): void {
  const tooLarge = (why: string) =>
    new KerasH5FormatError(
      source,
      `dataset ${dataset.name} declares ${declared} bytes, ${why}`,
      'The file is damaged or forged; do not use it.',
    );
  if (declared > bytes.length * deflateLimit) throw tooLarge(`more than a ${bytes.length}-byte file can hold`);
  const objects = dataset._dataobjects;
  const message = objects.find_msg_type(dataLayoutMessage)[0];
  if (message === undefined) throw new KerasH5FormatError(source, `dataset ${dataset.name} has no data layout`);
  const [, , layout, properties] = objects._get_data_message_properties(message.get('offset_to_message'));
  if (layout === 1) {
    if (properties + 8 > bytes.length) throw tooLarge('with its address outside the file');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const address = view.getBigUint64(properties, true);
    if (address === 0xffffffffffffffffn) {
      if (declared > 0) throw tooLarge('but stores none of them');
      return;
    }
    if (address + BigInt(declared) > BigInt(bytes.length))
      throw tooLarge(`at offset ${address}, past the end of the ${bytes.length}-byte file`);
  } else if (layout === 2) {
    if (objects.filter_pipeline === null && declared > bytes.length) throw tooLarge(`uncompressed, in a ${bytes.length}-byte file`);
  } else {
    throw new KerasH5FormatError(source, `dataset ${dataset.name} uses HDF5 data layout ${layout}, which this reader does not support`);
  }
}

class DatasetView implements Hdf5Dataset {
  readonly kind = 'dataset';
  readonly path: string;
  readonly shape: readonly number[];
  readonly dtype: string;

  constructor(
    private readonly dataset: jsfive.Dataset,
    private readonly source: string,
    private readonly bytes: Uint8Array,
  ) {
    this.path = dataset.name;
    this.shape = guard(source, `the shape of ${dataset.name}`, () => [...dataset.shape]);
    this.dtype = guard(source, `the type of ${dataset.name}`, () => {
      const dtype: unknown = dataset.dtype;
      return typeof dtype === 'string' ? dtype : 'unsupported';
    });
  }

  readFloat32(): Float32Array {
    if (!numericType.test(this.dtype)) {
      throw new KerasH5FormatError(
        this.source,
        `dataset ${this.path} holds ${this.dtype} data, not numbers`,
        'Only numeric weights can be read; check that the file holds model weights.',
      );
    }
    const expected = this.shape.reduce((product, size) => product * size, 1);
    const itemSize = Number(/(\d+)$/.exec(this.dtype)?.[1] ?? 8);
    guard(this.source, `the storage of dataset ${this.path}`, () =>
      checkDeclaredSize(this.dataset, expected * itemSize, this.bytes, this.source),
    );
    const values: unknown = guard(this.source, `dataset ${this.path}`, () => this.dataset.value);
    if (!isArrayLike(values)) {
      throw new KerasH5FormatError(
        this.source,
        `dataset ${this.path} could not be read: its storage layout is damaged or not one this reader knows`,
      );
    }
    if (values.length !== expected) {
      throw new KerasH5FormatError(
        this.source,
        `dataset ${this.path} has ${values.length} values but its shape [${this.shape.join(', ')}] needs ${expected}`,
      );
    }
    const out = new Float32Array(expected);
    for (let index = 0; index < expected; index += 1) {
      const value = values[index];
      out[index] = typeof value === 'bigint' ? Number(value) : (value as number);
    }
    return out;
  }
}

class GroupView implements Hdf5Group {
  readonly kind = 'group';
  readonly path: string;
  private cachedKeys: readonly string[] | undefined;
  private cachedAttributes: Readonly<Record<string, unknown>> | undefined;

  constructor(
    private readonly group: jsfive.Group,
    private readonly source: string,
    private readonly bytes: Uint8Array,
  ) {
    this.path = group.name;
  }

  get keys(): readonly string[] {
    this.cachedKeys ??= guard(this.source, `the members of group ${this.path}`, () => this.group.keys);
    return this.cachedKeys;
  }

  get attributes(): Readonly<Record<string, unknown>> {
    this.cachedAttributes ??= guard(this.source, `the attributes of ${this.path}`, () => ({ ...this.group.attrs }));
    return this.cachedAttributes;
  }

  find(path: string): Hdf5Group | Hdf5Dataset | undefined {
    const [head, ...rest] = path.split('/').filter((part) => part !== '');
    if (head === undefined) return this;
    if (!this.keys.includes(head)) return undefined;
    const child = guard(this.source, `${this.path === '/' ? '' : this.path}/${head}`, () => this.group.get(head));
    if (child === null) return undefined;
    if (child instanceof jsfive.Group) {
      const view = new GroupView(child, this.source, this.bytes);
      return rest.length === 0 ? view : view.find(rest.join('/'));
    }
    return rest.length === 0 ? new DatasetView(child, this.source, this.bytes) : undefined;
  }
}

/**
 * Opens HDF5 bytes held in memory and returns the root group. Any parse failure, now or on later
 * reads, is a KerasH5FormatError naming `source`.
 *
 * @internal
 * @param bytes - the whole file
 * @param source - names the file in errors
 * @returns the root group `/`
 * @throws KerasH5FormatError when the bytes are not a readable HDF5 file
 */
export function openHdf5(bytes: Uint8Array, source: string): Hdf5Group {
  checkHdf5Header(bytes, source);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? bytes.buffer : bytes.slice().buffer;
  const file = guard(source, 'the HDF5 root group', () => new jsfive.File(buffer, source));
  return new GroupView(file, source, bytes);
}
