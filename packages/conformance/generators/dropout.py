#!/usr/bin/env python3
"""Writes packages/core/test/fixtures/dropout.json: the seeded generator's outputs and
dropout masks and activations, computed here independently of the JavaScript code.

Nothing in torch draws the core's random numbers, so this script implements the
generator from its documentation in @descent/core (random/generator.ts):

- seeding: four values of a Weyl sequence x <- x + 0x9e3779b9 (mod 2^32), x starting at
  the seed, each passed through murmur3's fmix32, are the state words s0..s3;
- nextUint32: xoshiro128** (Blackman & Vigna);
- nextFloat: (a >> 5) * 2^26 + (b >> 6), over 2^53, from two consecutive outputs a, b;
- dropout: unit i is kept when the i-th nextFloat() >= rate; a kept unit is multiplied by
  1 / (1 - rate) (inverted) or 1 (classic) while training; at test time activations are
  multiplied by 1 (inverted) or 1 - rate (classic).

The activations are computed with torch (float32 tensors) from those formulas: torch has
no classic dropout and cannot be given a mask, so the formulas are the reference.
A JavaScript implementation that agrees bit for bit with these numbers shows the
generator is the documented one, the same on every platform.

Run from the repository root: /usr/bin/python3 packages/conformance/generators/dropout.py
"""
import json
import os

import torch

MASK = 0xFFFFFFFF
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "core", "test", "fixtures", "dropout.json"))


def fmix32(z):
    z ^= z >> 16
    z = (z * 0x85EBCA6B) & MASK
    z ^= z >> 13
    z = (z * 0xC2B2AE35) & MASK
    z ^= z >> 16
    return z


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK


class Random:
    """The core's generator, from its documentation."""

    def __init__(self, seed):
        x = seed & MASK
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & MASK
            self.s.append(fmix32(x))

    def next_uint32(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 9) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result

    def next_float(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992


def dropout_case(seed, rate, units):
    random = Random(seed)
    draws = [random.next_float() for _ in range(units)]
    kept = torch.tensor([1.0 if u >= rate else 0.0 for u in draws], dtype=torch.float32)
    # Activations from a second, independent stream of the same generator.
    source = Random(seed + 1000)
    h = torch.tensor([source.next_float() * 4 - 2 for _ in range(units)], dtype=torch.float32)
    inverted_scale = torch.tensor(1.0 / (1.0 - rate), dtype=torch.float32)
    return {
        "seed": seed,
        "rate": rate,
        "units": units,
        "activations": [float(v) for v in h],
        "invertedMask": [float(v) for v in kept * inverted_scale],
        "classicMask": [float(v) for v in kept],
        "invertedTrain": [float(v) for v in h * (kept * inverted_scale)],
        "classicTrain": [float(v) for v in h * kept],
        "invertedTest": [float(v) for v in h],
        "classicTest": [float(v) for v in h * torch.tensor(1.0 - rate, dtype=torch.float32)],
    }


def main():
    generators = []
    for seed in [0, 1, 7, 42, 2026, 4294967295]:
        random = Random(seed)
        state = list(random.s)
        uint32 = [random.next_uint32() for _ in range(8)]
        replay = Random(seed)
        floats = [replay.next_float() for _ in range(8)]
        generators.append({"seed": seed, "state": state, "nextUint32": uint32, "nextFloat": floats})
    dropout = [dropout_case(seed, rate, 64) for seed in [3, 11] for rate in [0.0, 0.1, 0.5, 0.9]]
    document = {
        "format": "descent-dropout-fixture/1",
        "source": "packages/conformance/generators/dropout.py: the generator from its documentation; activations with torch float32 from the dropout formulas",
        "generators": generators,
        "dropout": dropout,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(document, fh, indent=1)
        fh.write("\n")
    print(f"{len(generators)} generator cases and {len(dropout)} dropout cases written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
