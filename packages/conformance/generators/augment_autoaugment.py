#!/usr/bin/env python3
"""Writes ../vectors/augment/autoaugment.json (format "descent-augment/1"): torchvision 0.14's
AutoAugment.forward and AugMix.forward, fed the very draws that @descent/augment's autoAugment
and augMix make from `new Random(seed)`.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_autoaugment.py

How the draws get to torchvision: `Random` below is the project's generator (xoshiro128**
seeded through a 32-bit mixer, packages/core/src/random/generator.ts) and `sample_gamma` its
Marsaglia–Tsang Gamma (packages/core/src/augment/sampling.ts). For each seed the generator
draws what the library draws, in the library's order, and hands torchvision the same values:
AutoAugment.get_params returns the drawn sub-policy, probabilities (as float32, like
torch.rand) and signs; AugMix._sample_dirichlet returns the drawn Beta and Dirichlet weights,
and torch.randint returns the drawn depths, op indices, bins and signs one by one — each call
checks that torchvision asks for the range the library drew from, so the two draw orders are
proved the same. Each case's "op" is what the library's sampler produces (an AutoAugment case
is a seed under which exactly one of the sub-policy's two ops applies; an AugMix case is the
single `augMix` op holding every draw), and "policy" gives the augmentation's config and seed,
from which the package's tests check that `sample` gives that op.

torchvision's posterize and equalize take uint8 only and its float solarize compares 0..1
values with a 0..255 threshold, so _apply_op runs those three as this library defines them on
float images (on 8-bit levels round(x·255) through torchvision's uint8 ops, an equalized
channel that torchvision leaves alone keeping its float values; solarize at m/255); every other op, the magnitudes, the probabilities, the signs and AugMix's blend are
torchvision's own code. Images are float32.

With `--uint8` it writes ../vectors/augment/autoaugment-uint8.json instead: the same replay on
uint8 images (`dtype: "uint8"`, levels 0..255), with torchvision's own _apply_op throughout
(its uint8 posterize, equalize and solarize are the library's ops on levels). One case per op
name of the three policies (its first sub-policy in imagenet, then cifar10, then svhn, not at
bin 0, which changes nothing: all 14), and AugMix for three seeds with all 13 ops and three
with the first 9. Exact are the warps (nearest, or bilinear rounded ties to even as the
library stores bytes), Posterize, Solarize, Equalize and Invert; Brightness, Color, Contrast,
Sharpness and AutoContrast carry `atol` 1 (one level), as torchvision truncates their float
result (`_blend` and autocontrast end in `.to(torch.uint8)`) where the library rounds; so does
every AugMix case, whose blend truncates the same way. AugMix seeds whose chains hold one of
those five ops are skipped: there torchvision truncates twice (in the chain, then in the
blend), two levels from the library's rounding (seeds 700, 701, 703 and 705 of the default
config). The AutoAugment cases with `atol` 1 assert that torchvision's uint8 output is its
float output truncated.
"""
import math
import os
import sys
from contextlib import contextmanager

import torch
import torchvision
import torchvision.transforms.autoaugment as autoaugment
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode
from torchvision.transforms.autoaugment import AugMix, AutoAugment, AutoAugmentPolicy

from augment import pixels, to_chw, to_hwc, write_vectors
from augment_policies import our_op
from augment_uint8 import assert_truncates, chw, hwc_levels
from augment_warps import source_coordinates

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment")
OUT = os.path.join(VECTORS, "autoaugment.json")
OUT_UINT8 = os.path.join(VECTORS, "autoaugment-uint8.json")
M32 = 0xFFFFFFFF
LEVEL_OPS = {"Posterize", "Equalize", "Solarize"}
# torchvision's uint8 ops that truncate their float result (`.to(torch.uint8)` after _blend, autocontrast), where the library rounds
TRUNCATING_OPS = {"Brightness", "Color", "Contrast", "Sharpness", "AutoContrast"}
TRUNCATING_LIBRARY_OPS = {"adjustBrightness", "adjustSaturation", "adjustContrast", "adjustSharpness", "autocontrast"}
AUG_MIX_OPS = ["ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate", "Posterize", "Solarize", "AutoContrast", "Equalize", "Brightness", "Color", "Contrast", "Sharpness"]


def imul(a, b):
    return (a * b) & M32


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Random:
    """The project's Random: same seeding, same outputs."""

    def __init__(self, seed):
        x = seed & M32
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = imul(x ^ (x >> 16), 0x85EBCA6B)
            z = imul(z ^ (z >> 13), 0xC2B2AE35)
            state.append((z ^ (z >> 16)) & M32)
        self.s = state

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = imul(rotl(imul(s1, 5), 7), 9)
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next_float(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992

    def next_int(self, n):
        limit = 4294967296 - (4294967296 % n)
        x = self.next_uint32()
        while x >= limit:
            x = self.next_uint32()
        return x % n

    def next_normal(self):
        u = 1 - self.next_float()
        v = self.next_float()
        return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)


def sample_gamma(random, shape):
    if shape < 1:
        return sample_gamma(random, shape + 1) * math.pow(1 - random.next_float(), 1 / shape)
    d = shape - 1 / 3
    c = 1 / math.sqrt(9 * d)
    while True:
        x = random.next_normal()
        t = 1 + c * x
        if t <= 0:
            continue
        v = t * t * t
        u = 1 - random.next_float()
        if u < 1 - 0.0331 * x * x * x * x or math.log(u) < 0.5 * x * x + d * (1 - v + math.log(v)):
            return d * v


def dirichlet(random, alpha, n):
    gammas = [sample_gamma(random, alpha) for _ in range(n)]
    total = sum(gammas)
    return [g / total for g in gammas]


def linspace(start, end, n):
    """The library's float64 linspace (torchvision's bins are float32: within 1e-7 of these)."""
    return [start + (end - start) * i / (n - 1) for i in range(n)]


def autoaugment_space(height, width):
    """AutoAugment's magnitudes (10 bins), as the library computes them: (bins or None, signed)."""
    signed = lambda end: (linspace(0, end, 10), True)
    return {"ShearX": signed(0.3), "ShearY": signed(0.3), "TranslateX": signed(150 / 331 * width), "TranslateY": signed(150 / 331 * height),
            "Rotate": signed(30), "Brightness": signed(0.9), "Color": signed(0.9), "Contrast": signed(0.9), "Sharpness": signed(0.9),
            "Posterize": ([8 - round(i / (9 / 4)) for i in range(10)], False), "Solarize": (linspace(255, 0, 10), False),
            "AutoContrast": (None, False), "Equalize": (None, False), "Invert": (None, False)}


def augmix_space(height, width):
    signed = lambda end: (linspace(0, end, 10), True)
    return {"ShearX": signed(0.3), "ShearY": signed(0.3), "TranslateX": signed(width / 3), "TranslateY": signed(height / 3), "Rotate": signed(30),
            "Posterize": ([4 - round(i / (9 / 4)) for i in range(10)], False), "Solarize": (linspace(255, 0, 10), False),
            "AutoContrast": (None, False), "Equalize": (None, False),
            "Brightness": signed(0.9), "Color": signed(0.9), "Contrast": signed(0.9), "Sharpness": signed(0.9)}


def library_op(name, m, interpolation, fill=0):
    """The library's op for a policy op (augment_policies.our_op, with the fill and Invert)."""
    if name == "Invert":
        return {"type": "invert"}
    op = our_op(name, m, interpolation)
    if op is not None and op["type"] in ("affine", "rotate"):
        op["fill"] = fill
    return op


def apply_level_op_as_library(original):
    """torchvision's _apply_op, with posterize, equalize (8-bit levels) and solarize (m/255) as the library runs them on floats."""
    def apply(img, op_name, magnitude, interpolation, fill):
        if op_name in ("Posterize", "Equalize"):
            levels = (img.clamp(0, 1) * 255).round().to(torch.uint8)
            out = original(levels, op_name, magnitude, interpolation, fill).to(torch.float32) / 255
            if op_name == "Equalize":  # a channel torchvision leaves alone (step 0) keeps its float values
                for c, channel in enumerate(levels.reshape(-1, *levels.shape[-3:])[0]):
                    hist = torch.bincount(channel.flatten(), minlength=256)
                    if (channel.numel() - int(hist[hist.nonzero().max()])) // 255 == 0:
                        out[..., c, :, :] = img[..., c, :, :]
            return out
        if op_name == "Solarize":
            return F.solarize(img, magnitude / 255.0)
        return original(img, op_name, magnitude, interpolation, fill)
    return apply


@contextmanager
def replayed(randint_draws=None, uint8=False):
    """Patches _apply_op (see above; not for uint8 images, which torchvision's own ops take) and, given draws, torch.randint to return them in order, checking each range."""
    original_apply, original_randint = autoaugment._apply_op, torch.randint
    if not uint8:
        autoaugment._apply_op = apply_level_op_as_library(original_apply)
    if randint_draws is not None:
        queue = list(randint_draws)

        def randint(*args, **kwargs):
            low, high = (0, args[0]) if len(args) == 2 and "low" not in kwargs else (kwargs.get("low", 0), kwargs.get("high", args[0] if args else None))
            n, value = queue.pop(0)
            assert high - low == n, f"torchvision asks randint({low}, {high}), the library drew from {n}"
            return torch.tensor([low + value])

        torch.randint = randint
    try:
        yield
    finally:
        autoaugment._apply_op, torch.randint = original_apply, original_randint
        assert randint_draws is None or not queue, "torchvision used fewer draws than the library made"


def nearest_tie_free(op, shape):
    if op is None or op["type"] not in ("rotate", "affine") or op["interpolation"] != "nearest":
        return True
    full = dict(op, translate=op.get("translate", [0, 0]), shear=op.get("shear", [0, 0]), scale=op.get("scale", 1))
    return min(abs((v % 1) - 0.5) for v in source_coordinates(full, shape)) >= 2e-3


CASES = []
IMAGE_SEEDS = iter(range(31000, 100000))


def image_values(shape, levels, uint8=False):
    """Seeded pixels; multiples of 1/255 when an 8-bit op reads them; the levels themselves for a uint8 image."""
    values = pixels(*shape, next(IMAGE_SEEDS))
    if uint8:
        return [round(v * 255) for v in values]
    return [round(v * 255) / 255 for v in values] if levels else values


def run_case(case_id, op, policy, values, shape, transform, uint8, truncates, randint_draws=None):
    """Runs torchvision's transform on the image (a uint8 tensor of levels, or float32) and records the case; a uint8 case that truncates gets `atol` 1 (one level)."""
    with replayed(randint_draws, uint8):
        out = transform(chw(values, shape, torch.uint8) if uint8 else to_chw(values, shape))
    image, expected = {"shape": list(shape), "values": values}, to_hwc(out)
    if uint8:
        assert out.dtype == torch.uint8, out.dtype
        image["dtype"] = "uint8"
        expected = {"shape": expected["shape"], "dtype": "uint8", "values": hwc_levels(out)}
    entry = {"id": case_id, "op": op, "policy": policy, "input": image, "expected": expected}
    if uint8 and truncates:
        entry["atol"] = 1
    CASES.append(entry)
    return out


def auto_augment_case(policy, k, j, seeds, shapes, uint8=False):
    """The first seed under which the library picks sub-policy k and applies only its op j, run through torchvision's AutoAugment (on levels, with uint8)."""
    subpolicy = AutoAugment(AutoAugmentPolicy(policy))._get_policies(AutoAugmentPolicy(policy))[k]
    name, p, bin_ = subpolicy[j]
    if p == 0 or subpolicy[1 - j][1] == 1:
        return False
    interpolation = "nearest"
    if name in ("ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"):
        magnitude = lambda shape: autoaugment_space(shape[0], shape[1])[name][0][bin_]
        if not any(nearest_tie_free(library_op(name, sign * magnitude(shape), "nearest"), shape) for shape in shapes for sign in (1, -1)):
            interpolation = "bilinear"  # e.g. a shear by 0.2 about the corner samples row 0.5 in column 2 of every image
    config = {"type": "autoAugment", "policy": policy, "interpolation": interpolation, "fill": 0}
    for seed in seeds:
        if seed > 10 ** 6:
            break
        r = Random(seed)
        if r.next_int(25) != k:
            continue
        probs = [r.next_float(), r.next_float()]
        signs = [r.next_int(2), r.next_int(2)]
        applied = [probs[i] <= subpolicy[i][1] for i in range(2)]
        if not applied[j] or applied[1 - j]:
            continue
        probs32 = torch.tensor(probs, dtype=torch.float32)
        if applied != [bool(probs32[i] <= subpolicy[i][1]) for i in range(2)]:
            continue
        for shape in shapes:  # nearest rotations by 30° tie on odd sides: the first shape without a tie
            bins, signed = autoaugment_space(shape[0], shape[1])[name]
            m = 0.0 if bins is None else float(bins[bin_])
            op = library_op(name, -m if signed and signs[j] == 0 else m, interpolation)
            if nearest_tie_free(op, shape):
                break
        else:
            continue
        values = image_values(shape, name in LEVEL_OPS, uint8)
        transform = AutoAugment(AutoAugmentPolicy(policy), interpolation=InterpolationMode(interpolation), fill=0)
        transform.get_params = lambda n, draws=(k, probs32, torch.tensor(signs)): draws
        case_id = f"autoAugment{'-uint8' if uint8 else ''}/{policy}/{k}.{j}-{name}"
        out = run_case(case_id, op, {"config": config, "seed": seed}, values, shape, transform, uint8, name in TRUNCATING_OPS)
        if uint8 and name in TRUNCATING_OPS:  # proved: torchvision's float result truncated (Color and Contrast blend with a truncated grey, Sharpness with a rounded blur)
            with replayed():
                floats = transform(to_chw([v / 255 for v in values], shape)) * 255
            factor = 1 + (m if not signed or signs[j] else -m)
            assert_truncates(case_id, out, floats, {"Color": abs(1 - factor), "Contrast": abs(1 - factor), "Sharpness": abs(1 - factor) / 2}.get(name, 0))
        return True
    raise RuntimeError(f"no seed for {policy} {k}.{j}")



def aug_mix_case(seed, shape, options, uint8=False):
    """The library's augMix draws for a seed, replayed in torchvision's AugMix.forward (on levels, with uint8)."""
    config = dict({"type": "augMix", "severity": 3, "mixtureWidth": 3, "chainDepth": -1, "alpha": 1.0, "allOps": True, "interpolation": "bilinear", "fill": 0}, **options)
    r = Random(seed)
    mix, rest = dirichlet(r, config["alpha"], 2)
    shares = dirichlet(r, config["alpha"], config["mixtureWidth"])
    names = AUG_MIX_OPS if config["allOps"] else AUG_MIX_OPS[:9]
    space = augmix_space(shape[0], shape[1])
    draws, chains = [], []
    for _ in range(config["mixtureWidth"]):
        chain = []
        depth = config["chainDepth"]
        if depth < 0:
            depth = 1 + r.next_int(3)
            draws.append((3, depth - 1))
        for _ in range(depth):
            index = r.next_int(len(names))
            draws.append((len(names), index))
            bins, signed = space[names[index]]
            m = 0.0
            if bins is not None:
                b = r.next_int(config["severity"])
                draws.append((config["severity"], b))
                m = float(bins[b])
            if signed:
                negative = r.next_int(2)
                draws.append((2, negative))
                m = -m if negative else m
            op = library_op(names[index], m, config["interpolation"])
            if op is not None:
                chain.append(op)
        chains.append(chain)
    if uint8 and any(op["type"] in TRUNCATING_LIBRARY_OPS for chain in chains for op in chain):
        return False  # torchvision truncates in the chain and again in the blend: two levels apart (seeds 700, 701, 703, 705)
    values = image_values(shape, False, uint8)
    transform = AugMix(severity=config["severity"], mixture_width=config["mixtureWidth"], chain_depth=config["chainDepth"], alpha=config["alpha"],
                       all_ops=config["allOps"], interpolation=InterpolationMode.BILINEAR, fill=0)
    weights = iter([torch.tensor([[mix, rest]], dtype=torch.float32), torch.tensor([shares], dtype=torch.float32)])
    transform._sample_dirichlet = lambda params: next(weights)
    tag = "default" if not options else "-".join(f"{k}{v}" for k, v in options.items())
    op = {"type": "augMix", "chains": chains, "weights": [s * rest for s in shares], "mix": mix}
    run_case(f"augMix{'-uint8' if uint8 else ''}/{tag}/seed{seed}-{'x'.join(map(str, shape))}", op, {"config": config, "seed": seed}, values, shape,
             transform, uint8, True, draws)
    return True


def main_uint8():
    """autoaugment-uint8.json: each op name of the three policies once (its first sub-policy in imagenet, then cifar10, then svhn, not at bin 0, which changes nothing) and AugMix for a few seeds, on uint8 images."""
    shapes = [(8, 10, 3), (7, 9, 3), (9, 11, 3), (6, 8, 3)]
    covered = set()
    for policy in ("imagenet", "cifar10", "svhn"):
        for k, subpolicy in enumerate(AutoAugment()._get_policies(AutoAugmentPolicy(policy))):
            for j in range(2):
                name, _, bin_ = subpolicy[j]
                if name not in covered and bin_ != 0 and auto_augment_case(policy, k, j, iter(range(1, 10 ** 6)), shapes[(k + j) % 2:] + shapes[:(k + j) % 2], uint8=True):
                    covered.add(name)
    assert covered == set(autoaugment_space(1, 1)), covered
    for options in ({}, {"allOps": False}):  # the first 9 ops hold one truncating op (AutoContrast), all 13 five
        seeds, kept = iter(range(700, 10 ** 4)), 0
        while kept < 3:
            kept += aug_mix_case(next(seeds), [(8, 10, 3), (7, 9, 3), (16, 20, 3)][kept], options, uint8=True)
    write_vectors(OUT_UINT8, "augment_autoaugment.py --uint8", CASES)


def main():
    shapes = [(8, 10, 3), (7, 9, 3), (9, 11, 3), (6, 8, 3)]
    for policy in ("imagenet", "cifar10", "svhn"):
        for k in range(25):
            for j in range(2):
                seeds = iter(range(1, 10 ** 6))
                auto_augment_case(policy, k, j, seeds, shapes[(k + j) % 2:] + shapes[:(k + j) % 2])
                print(policy, k, j, len(CASES), flush=True)
    for seed, shape in zip(range(500, 512), [(8, 10, 3), (7, 9, 3), (16, 20, 3), (6, 6, 1)] * 3):
        aug_mix_case(seed, shape, {})
    for seed in range(600, 604):
        aug_mix_case(seed, (9, 8, 3), {"severity": 10, "mixtureWidth": 2, "chainDepth": 2, "alpha": 0.5, "allOps": False})
    write_vectors(OUT, "augment_autoaugment.py", CASES)


if __name__ == "__main__":
    main_uint8() if sys.argv[1:] == ["--uint8"] else main()
