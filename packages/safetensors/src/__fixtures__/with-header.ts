/** A safetensors file around a header given as raw text (JSON.stringify cannot repeat keys). */
export function withHeader(text: string, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}
