#!/usr/bin/python3
"""Golden outputs of PyTorch's bfloat16 CPU kernels over all 65,536 bfloat16 inputs.

Writes bf16_torch.txt next to this script: for each op, an FNV-1a 64-bit hash of all 65,536
outputs (NaNs all counted as 0x7fc0: PyTorch writes its own NaN bits) and the outputs at every
61st input, in hex, for diagnosis. test_half_golden.cpp recomputes both from simdact and needs
neither this script nor PyTorch. Run with Debian's python3-torch: /usr/bin/python3 make_bf16_golden.py
"""
import os

import numpy as np
import torch

N = 0x10000
STRIDE = 61


def bf16_from_bits(bits):
    return torch.from_numpy(bits.astype(np.uint16).view(np.int16)).view(torch.bfloat16)


def bits_of(t):
    b = t.contiguous().view(torch.int16).numpy().view(np.uint16).astype(np.uint32)
    nan = torch.isnan(t.float()).numpy()
    b[nan] = 0x7FC0
    return b


def fnv1a(values):
    h = 0xCBF29CE484222325
    for v in values.tolist():
        for byte in (v & 0xFF, v >> 8):
            h ^= byte
            h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


# The same inputs as test_half_golden.cpp: x runs over every encoding, dy over all of them again
# in a scrambled order, and PReLU uses the layout {1, 4, 16384} with these slopes.
x = bf16_from_bits(np.arange(N, dtype=np.uint32))
dy = bf16_from_bits((np.arange(N, dtype=np.uint32) * 40503 + 12345) & 0xFFFF)
prelu_weight = torch.tensor([0.25, -0.5, 1.5, 0.0078125], dtype=torch.bfloat16)
x3, dy3 = x.reshape(1, 4, N // 4), dy.reshape(1, 4, N // 4)

ops = {
    "relu_forward": torch.relu(x),
    "relu_backward": torch.ops.aten.threshold_backward(dy, x, 0.0),
    "prelu_forward": torch.prelu(x3, prelu_weight).reshape(N),
    "prelu_backward_dx": torch.ops.aten.prelu_backward(dy3, x3, prelu_weight)[0].reshape(N),
}
for slope in ("0.01", "0.2", "1.5", "-0.3"):
    ops["leaky_relu_forward_" + slope] = torch.nn.functional.leaky_relu(x, float(slope))
    ops["leaky_relu_backward_" + slope] = torch.ops.aten.leaky_relu_backward(
        dy, x, float(slope), False)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bf16_torch.txt")
with open(path, "w") as out:
    out.write("# PyTorch %s bfloat16 CPU outputs; written by make_bf16_golden.py\n" % torch.__version__)
    for name, y in ops.items():
        b = bits_of(y)
        out.write("%s %016x\n" % (name, fnv1a(b)))
        out.write(" ".join("%04x" % v for v in b[::STRIDE]) + "\n")

# For the report: how PyTorch's ELU compares with the correctly rounded result (not stored).
e = torch.nn.functional.elu(x).float().numpy().astype(np.float64)
xf = x.float().numpy().astype(np.float64)
exact = np.where(xf > 0, xf, np.expm1(np.minimum(xf, 0)))
rounded = torch.from_numpy(exact).to(torch.bfloat16).float().numpy()  # double -> bf16 RNE
ok = np.isnan(xf) | (e == rounded)
print("wrote", path, "; PyTorch's bfloat16 ELU differs from the correctly rounded result on",
      int((~ok).sum()), "of", N, "inputs")
