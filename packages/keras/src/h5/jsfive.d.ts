// The part of jsfive (a pure JavaScript HDF5 reader, shipped without types) that hdf5-tree.ts uses.
declare module 'jsfive' {
  export class Group {
    /** Full path of the group, `/` for the file. */
    readonly name: string;
    /** Names of the group's links (child groups and datasets). */
    readonly keys: string[];
    /** Attribute values by name: strings, numbers, arrays of them, or null for unsupported types. */
    readonly attrs: Record<string, unknown>;
    /** A child by relative path; null when a soft link does not resolve. Throws when missing. */
    get(path: string): Group | Dataset | null;
  }

  export class File extends Group {
    constructor(buffer: ArrayBufferLike, filename?: string);
  }

  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    /** A NumPy-style type string such as `<f4`, or an array for compound and variable-length types. */
    readonly dtype: unknown;
    /** All elements in row-major order. */
    readonly value: ArrayLike<unknown>;
    readonly attrs: Record<string, unknown>;
    /** Internal: the object headers, read to check declared sizes against the file before reading. */
    readonly _dataobjects: DataObjects;
  }

  /** Internal to jsfive (hdf5-tree.ts checks dataset storage with it before any read allocates). */
  export interface DataObjects {
    /** Messages of one HDF5 type; type 8 is the data layout. */
    find_msg_type(type: number): Array<{ get(key: 'offset_to_message'): number }>;
    /** [layout version, dimensionality, layout class (0 compact, 1 contiguous, 2 chunked), offset of its properties]. */
    _get_data_message_properties(offset: number): [number, number, number, number];
    /** The filters (compression) of chunked data, or null. */
    readonly filter_pipeline: unknown;
  }
}
