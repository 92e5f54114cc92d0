#!/usr/bin/env python3
"""Writes the seed corpus: one small input per operation and type, plus a few that start in
the interesting corners (in-place calls, ranges, null pointers, NHWC and long PReLU runs).
The fuzz target fills whatever an input leaves out from a generator seeded by the input, so
these few bytes already describe whole arrays. Run from anywhere; rewrites tests/fuzz/corpus/."""
import pathlib

OPS = ["relu_fwd", "relu_bwd", "relu_bfo", "leaky_fwd", "leaky_bwd", "leaky_bfo",
       "elu_fwd", "elu_bwd", "elu_bfo", "prelu_fwd", "prelu_bwd"]

out = pathlib.Path(__file__).resolve().parent / "corpus"
out.mkdir(exist_ok=True)
for old in out.glob("seed-*"):
    old.unlink()

# Layout: op, dtype (bit 0: double), then the target's own decoding (shape flags, length, ...).
for op, name in enumerate(OPS):
    for dtype, tname in ((0, "float"), (1, "double")):
        body = bytes([op, dtype, 0x00, 0x00, 0x01, 37, 0x07, 0x42, 0x13, 0x9C])
        (out / f"seed-{name}-{tname}").write_bytes(body)

specials = {
    # elu backward in place (alias 1: dx == x), alpha from the table, 600-element class.
    "elu_bwd_inplace": bytes([7, 0, 9, 0x40, 0x00, 2, 0x02, 0x57, 0, 0, 6, 0x13, 0x88]),
    # leaky relu forward through the range overloads with a shortened range: must throw.
    "leaky_ranges_short": bytes([3, 0, 4, 0x11, 0x08, 1, 20]),
    # relu backward with a null pointer.
    "relu_null": bytes([1, 1, 0x02, 0x01, 0, 5]),
    # prelu backward, NHWC rows (class 1), dweight aliasing weight.
    "prelu_nhwc_dw_alias": bytes([10, 0, 0x80, 0x04, 1, 120, 7]),
    # prelu backward with one long run per channel (class 2).
    "prelu_long_run": bytes([10, 1, 0x00, 0x00, 2, 1, 2, 0x08, 0x30]),
    # prelu forward with a hostile layout (class 3).
    "prelu_hostile": bytes([9, 0, 0x00, 0x00, 3, 5, 6, 7, 3]),
}
for name, body in specials.items():
    (out / f"seed-{name}").write_bytes(body)
print(f"wrote {len(list(out.glob('seed-*')))} seeds to {out}")
