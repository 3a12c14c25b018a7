// A minimal ONNX ModelProto writer (protobuf wire format), enough for one-node graphs such as
// MatMul and com.microsoft MatMulNBits, so the bench can run onnxruntime-web on our inputs.

const FLOAT = 1;
const UINT8 = 2;

function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const concat = (parts) => {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const tag = (field, wire) => varint((field << 3) | wire);
const int = (field, value) => Uint8Array.from([...tag(field, 0), ...varint(value)]);
const bytes = (field, data) =>
  concat([Uint8Array.from([...tag(field, 2), ...varint(data.length)]), data]);
const text = (field, s) => bytes(field, new TextEncoder().encode(s));
const message = (field, parts) => bytes(field, concat(parts));

function valueInfo(field, name, elemType, dims) {
  const shape = message(
    2,
    dims.map((d) => message(1, [int(1, d)])),
  );
  return message(field, [text(1, name), message(2, [message(1, [int(1, elemType), shape])])]);
}

function initializer(name, elemType, dims, data) {
  return message(5, [
    ...dims.map((d) => int(1, d)),
    int(2, elemType),
    text(8, name),
    bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ]);
}

const intAttribute = (name, value) => message(5, [text(1, name), int(3, value), int(20, 2)]);

function model(node, inputs, outputs, initializers, opsets) {
  const graph = message(7, [node, text(2, 'g'), ...initializers, ...inputs, ...outputs]);
  return concat([
    int(1, 8),
    ...opsets.map(([domain, version]) => message(8, [text(1, domain), int(2, version)])),
    graph,
  ]);
}

/** Y [m, n] = A [m, k] · B [k, n] with B an initializer. */
export function matmulModel(b, m, k, n) {
  const node = message(1, [text(1, 'A'), text(1, 'B'), text(2, 'Y'), text(4, 'MatMul')]);
  return model(
    node,
    [valueInfo(11, 'A', FLOAT, [m, k])],
    [valueInfo(12, 'Y', FLOAT, [m, n])],
    [initializer('B', FLOAT, [k, n], b)],
    [['', 17]],
  );
}

/**
 * Y [m, n] = A [m, k] · dequant(B)ᵀ, B packed 4-bit as MatMulNBits takes it: [n, k/block, block/2]
 * uint8 (low nibble first), float scales [n · k/block], default zero point 8.
 */
export function matMulNBitsModel(packed, scales, m, k, n, block) {
  const node = message(1, [
    text(1, 'A'),
    text(1, 'B'),
    text(1, 'scales'),
    text(2, 'Y'),
    text(4, 'MatMulNBits'),
    text(7, 'com.microsoft'),
    intAttribute('K', k),
    intAttribute('N', n),
    intAttribute('bits', 4),
    intAttribute('block_size', block),
  ]);
  return model(
    node,
    [valueInfo(11, 'A', FLOAT, [m, k])],
    [valueInfo(12, 'Y', FLOAT, [m, n])],
    [
      initializer('B', UINT8, [n, k / block, block / 2], packed),
      initializer('scales', FLOAT, [n * (k / block)], scales),
    ],
    [
      ['', 17],
      ['com.microsoft', 1],
    ],
  );
}
