import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  type OnnxAttributeValue,
  OnnxDataType,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValueInfo,
} from './onnx-graph.js';

// Field numbers of onnx.proto (ModelProto and the messages it holds). The file is proto2, so repeated
// numbers are written one tag each, as onnx's own serializer does.
const model = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 } as const;
const opsetId = { domain: 1, version: 2 } as const;
const graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const attribute = { name: 1, f: 2, i: 3, ints: 8, type: 20 } as const;
const attributeType = { float: 1, int: 2, ints: 7 } as const;
const tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const;
const valueInfo = { name: 1, type: 2 } as const;
const typeProto = { tensorType: 1 } as const;
const tensorType = { elemType: 1, shape: 2 } as const;
const shapeProto = { dim: 1 } as const;
const dimension = { value: 1, param: 2 } as const;

// IR version 7 is the one ONNX pairs with opset 13; later runtimes read it.
const irVersionForOpset13 = 7;

function message(writer: BinaryWriter, field: number, write: (inner: BinaryWriter) => void): void {
  writer.tag(field, WireType.LengthDelimited).fork();
  write(writer);
  writer.join();
}

function writeAttribute(writer: BinaryWriter, name: string, value: OnnxAttributeValue): void {
  message(writer, node.attribute, (w) => {
    w.tag(attribute.name, WireType.LengthDelimited).string(name);
    if (typeof value === 'number') {
      w.tag(attribute.i, WireType.Varint).int64(value);
      w.tag(attribute.type, WireType.Varint).int32(attributeType.int);
    } else if ('float' in value) {
      w.tag(attribute.f, WireType.Bit32).float(value.float);
      w.tag(attribute.type, WireType.Varint).int32(attributeType.float);
    } else {
      for (const item of value) w.tag(attribute.ints, WireType.Varint).int64(item);
      w.tag(attribute.type, WireType.Varint).int32(attributeType.ints);
    }
  });
}

function writeNode(writer: BinaryWriter, value: OnnxNode): void {
  message(writer, graph.node, (w) => {
    for (const input of value.inputs) w.tag(node.input, WireType.LengthDelimited).string(input);
    for (const output of value.outputs) w.tag(node.output, WireType.LengthDelimited).string(output);
    w.tag(node.name, WireType.LengthDelimited).string(value.name);
    w.tag(node.opType, WireType.LengthDelimited).string(value.opType);
    for (const [name, setting] of Object.entries(value.attributes ?? {})) writeAttribute(w, name, setting);
  });
}

function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array)
    data.forEach((item, index) => {
      view.setFloat32(index * 4, item, true);
    });
  else
    data.forEach((item, index) => {
      view.setBigInt64(index * 8, item, true);
    });
  return bytes;
}

function writeInitializer(writer: BinaryWriter, value: OnnxInitializer): void {
  message(writer, graph.initializer, (w) => {
    for (const size of value.dims) w.tag(tensor.dims, WireType.Varint).int64(size);
    const type = value.data instanceof Float32Array ? OnnxDataType.float : OnnxDataType.int64;
    w.tag(tensor.dataType, WireType.Varint).int32(type);
    w.tag(tensor.name, WireType.LengthDelimited).string(value.name);
    w.tag(tensor.rawData, WireType.LengthDelimited).bytes(littleEndianBytes(value.data));
  });
}

function writeValueInfo(writer: BinaryWriter, field: number, value: OnnxValueInfo): void {
  message(writer, field, (w) => {
    w.tag(valueInfo.name, WireType.LengthDelimited).string(value.name);
    message(w, valueInfo.type, (t) =>
      message(t, typeProto.tensorType, (tt) => {
        tt.tag(tensorType.elemType, WireType.Varint).int32(OnnxDataType.float);
        message(tt, tensorType.shape, (s) => {
          message(s, shapeProto.dim, (d) => d.tag(dimension.param, WireType.LengthDelimited).string('batch'));
          for (const size of value.shape) message(s, shapeProto.dim, (d) => d.tag(dimension.value, WireType.Varint).int64(size));
        });
      }),
    );
  });
}

/**
 * Serialises a graph as an ONNX `ModelProto` (the bytes of a `.onnx` file).
 *
 * @internal
 * @param value - the graph and its opset
 * @returns the model file's bytes
 */
export function encodeOnnxModel(value: OnnxGraph): Uint8Array {
  const writer = new BinaryWriter();
  writer.tag(model.irVersion, WireType.Varint).int64(irVersionForOpset13);
  writer.tag(model.producerName, WireType.LengthDelimited).string('dendrite');
  writer.tag(model.producerVersion, WireType.LengthDelimited).string(value.producerVersion);
  message(writer, model.graph, (w) => {
    for (const item of value.nodes) writeNode(w, item);
    w.tag(graph.name, WireType.LengthDelimited).string(value.name);
    for (const item of value.initializers) writeInitializer(w, item);
    writeValueInfo(w, graph.input, value.input);
    writeValueInfo(w, graph.output, value.output);
  });
  message(writer, model.opsetImport, (w) => {
    w.tag(opsetId.domain, WireType.LengthDelimited).string('');
    w.tag(opsetId.version, WireType.Varint).int64(value.opsetVersion);
  });
  return writer.finish();
}
