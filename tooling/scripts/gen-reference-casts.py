#!/usr/bin/env python3
"""Exports float32 -> code vectors from ml_dtypes and onnx's reference Cast into
fixtures/reference/, for the formats tests to compare against bit for bit (no Python at test time).

Run from the repository root with ml_dtypes 0.6.0, onnx 1.23.1 and numpy installed:
    python3 tooling/scripts/gen-reference-casts.py
Inputs: NaNs of both signs and several payloads, +-Inf, +-0, every midpoint between neighbouring
codes of every format (the ties, including E8M0's 1.5*2^k), values past each format's max, and
seeded random floats. Outputs: the code each reference gives, as an integer.
"""
import json
import pathlib

import ml_dtypes
import numpy as np
import onnx
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

OUT = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "reference"

# lowbit name -> (ml_dtypes type, onnx TensorProto type or None)
FORMATS = {
    "bf16": ("bfloat16", "BFLOAT16"),
    "fp8_e4m3fn": ("float8_e4m3fn", "FLOAT8E4M3FN"),
    "fp8_e4m3fnuz": ("float8_e4m3fnuz", "FLOAT8E4M3FNUZ"),
    "fp8_e5m2": ("float8_e5m2", "FLOAT8E5M2"),
    "fp8_e5m2fnuz": ("float8_e5m2fnuz", "FLOAT8E5M2FNUZ"),
    "fp8_e3m4": ("float8_e3m4", None),
    "fp8_e4m3": ("float8_e4m3", None),
    "fp8_e4m3b11fnuz": ("float8_e4m3b11fnuz", None),
    "e8m0": ("float8_e8m0fnu", "FLOAT8E8M0"),
    "fp6_e2m3fn": ("float6_e2m3fn", "FLOAT6E2M3"),
    "fp6_e3m2fn": ("float6_e3m2fn", "FLOAT6E3M2"),
    "fp4_e2m1fn": ("float4_e2m1fn", "FLOAT4E2M1"),
}


def code_bits(dtype):
    return np.dtype(dtype).itemsize * 8


def codes_of(array):
    return array.view(np.uint16 if array.dtype.itemsize == 2 else np.uint8).astype(int).tolist()


def inputs():
    specials = [0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001, 0x7FFFFFFF, 0xFFFFFFFF,
                0x7FA00000, 0x7F800000, 0xFF800000, 0x00000000, 0x80000000, 0x00000001, 0x80000001]
    values = [np.array(specials, dtype=np.uint32).view(np.float32)]
    for ml_name, _ in FORMATS.values():
        dtype = getattr(ml_dtypes, ml_name)
        if code_bits(dtype) > 8:
            continue
        decoded = np.arange(256, dtype=np.uint8).view(dtype).astype(np.float64)
        finite = np.unique(np.abs(decoded[np.isfinite(decoded)]))
        mids = (finite[:-1] + finite[1:]) / 2
        top = finite[-1]
        edges = np.concatenate([mids, [top * 1.0625, top * 1.5, top * 4]])
        values.append(edges.astype(np.float32))
        values.append(-edges.astype(np.float32))
    ties = np.array([1.5 * 2.0**k for k in range(-127, 128)], dtype=np.float32)
    values.append(ties)
    rng = np.random.default_rng(20240614)
    values.append((rng.standard_normal(512) * 2.0 ** rng.integers(-20, 20, 512)).astype(np.float32))
    values.append(rng.standard_normal(512).astype(np.float32))
    bits = np.concatenate([v.view(np.uint32) for v in values])
    _, first = np.unique(bits, return_index=True)
    return bits[np.sort(first)].view(np.float32)


def onnx_cast(x, proto_name, **attributes):
    to = getattr(TensorProto, proto_name)
    node = helper.make_node("Cast", ["x"], ["y"], to=to, **attributes)
    graph = helper.make_graph(
        [node], "cast",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None])],
        [helper.make_tensor_value_info("y", to, [None])],
    )
    return ReferenceEvaluator(helper.make_model(graph)).run(None, {"x": x})[0]


def write(name, payload):
    (OUT / name).write_text(json.dumps(payload, separators=(",", ":")) + "\n")


def main():
    with np.errstate(over="ignore"):
        x = inputs()
    bits = x.view(np.uint32).astype(int).tolist()
    with np.errstate(all="ignore"):
        ml = {name: codes_of(x.astype(getattr(ml_dtypes, ml_name)))
              for name, (ml_name, _) in FORMATS.items()}
        # ONNX's E8M0 is unsigned and its Cast takes the magnitude; compare non-negative inputs only.
        positive = np.array([b >> 31 == 0 for b in bits])
        ox = {}
        for name, (_, proto) in FORMATS.items():
            if proto is None:
                continue
            if name == "e8m0":
                ox[name] = {"inputs": [b for b, p in zip(bits, positive) if p],
                            "codes": codes_of(onnx_cast(x[positive], proto, round_mode="nearest"))}
            else:
                ox[name] = {"codes": codes_of(onnx_cast(x, proto))}
    write("ml-dtypes-casts.json", {
        "tool": f"ml_dtypes {ml_dtypes.__version__}", "call": "x.astype(ml_dtypes.<type>)",
        "overflow": "special", "inputs": bits,
        "formats": {name: {"codes": codes} for name, codes in ml.items()},
    })
    write("onnx-reference-casts.json", {
        "tool": f"onnx {onnx.__version__} onnx.reference.ReferenceEvaluator",
        "call": "Cast(to=T, saturate=1); FLOAT8E8M0 with round_mode='nearest'",
        "overflow": "saturate", "inputs": bits,
        "formats": ox,
    })


if __name__ == "__main__":
    main()
