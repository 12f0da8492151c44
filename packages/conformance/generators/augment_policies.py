#!/usr/bin/env python3
"""Writes ../vectors/augment/policies.json (format "descent-augment/1"): every op of
torchvision 0.14's RandAugment and TrivialAugmentWide spaces at some of their magnitude bins,
run by torchvision's own torchvision.transforms.autoaugment._apply_op, with the op of this
library it stands for (shears about the top-left corner by atan(m) degrees, shifts truncated
to pixels, colour factors 1 + m, the solarize threshold m/255). Each case names the policy
op and magnitude in "policyOp", which the package's tests map with policyOp() and compare.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_policies.py

Posterize, Equalize and Solarize run on 8-bit levels (torchvision's posterize and equalize
are uint8 only, and its float Solarize compares 0..1 values with a 0..255 threshold); the
rest on float images. A fill is always passed, so torchvision's fill rule applies.
"""
import math
import os

import torch
import torchvision
from torchvision.transforms import InterpolationMode
from torchvision.transforms.autoaugment import RandAugment, TrivialAugmentWide, _apply_op

from augment import pixels, to_chw, to_hwc, write_vectors
from augment_warps import source_coordinates

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "policies.json")
LEVEL_OPS = {"Posterize", "Equalize", "Solarize"}


def our_op(name, m, interpolation):
    affine = lambda **fields: dict({"type": "affine", "angle": 0, "translate": [0, 0], "scale": 1, "shear": [0, 0], "interpolation": interpolation, "fill": 0, "center": None}, **fields)
    degrees = math.degrees(math.atan(m))
    return {
        "Identity": None,
        "ShearX": affine(shear=[degrees, 0], center=[0, 0]),
        "ShearY": affine(shear=[0, degrees], center=[0, 0]),
        "TranslateX": affine(translate=[int(m), 0]),
        "TranslateY": affine(translate=[0, int(m)]),
        "Rotate": {"type": "rotate", "angle": m, "interpolation": interpolation, "expand": False, "fill": 0},
        "Brightness": {"type": "adjustBrightness", "factor": 1 + m},
        "Color": {"type": "adjustSaturation", "factor": 1 + m},
        "Contrast": {"type": "adjustContrast", "factor": 1 + m},
        "Sharpness": {"type": "adjustSharpness", "factor": 1 + m},
        "Posterize": {"type": "posterize", "bits": int(m)},
        "Solarize": {"type": "solarize", "threshold": m / 255},
        "AutoContrast": {"type": "autocontrast"},
        "Equalize": {"type": "equalize"},
    }[name]


CASES = []
SEEDS = iter(range(15000, 100000))
SHAPES = [(8, 10, 3), (7, 9, 3)]  # nearest rotations by 30° tie on odd sides, by 135° on even ones: the first shape without a tie


def case(policy, name, m, interpolation):
    op = our_op(name, m, interpolation)
    if op is None:
        return
    tie_free = lambda shape: min(abs((v % 1) - 0.5) for v in source_coordinates(dict(op, translate=op.get("translate", [0, 0]), shear=op.get("shear", [0, 0]), scale=op.get("scale", 1)), shape)) >= 2e-3
    nearest_warp = op["type"] in ("rotate", "affine") and interpolation == "nearest"
    SHAPE = next(shape for shape in SHAPES if not nearest_warp or tie_free(shape))
    values = pixels(*SHAPE, next(SEEDS))
    mode = InterpolationMode.NEAREST if interpolation == "nearest" else InterpolationMode.BILINEAR
    if name in LEVEL_OPS:
        k = [min(255, max(0, round(v * 255))) for v in values]
        out = _apply_op(to_chw(k, SHAPE).to(torch.uint8), name, m, mode, [0.0] * 3).to(torch.float64) / 255
        values = [v / 255 for v in k]
    else:
        out = _apply_op(to_chw(values, SHAPE), name, m, mode, [0.0] * 3)
    CASES.append({"id": f"{policy}/{name}/{m:.6g}-{interpolation}", "op": op, "policyOp": {"name": name, "magnitude": m},
                  "input": {"shape": list(SHAPE), "values": values}, "expected": to_hwc(out)})


def main():
    spaces = {"randAugment": RandAugment()._augmentation_space(31, (SHAPES[0][0], SHAPES[0][1])), "trivialAugmentWide": TrivialAugmentWide()._augmentation_space(31)}
    for policy, space in spaces.items():
        for name, (bins, signed) in space.items():
            for b in ([9, 30] if bins.ndim > 0 else [None]):
                m = float(bins[b].item()) if b is not None else 0.0
                for sign in ([1, -1] if signed else [1]):
                    case(policy, name, sign * m, "nearest")
        case(policy, "Rotate", float(space["Rotate"][0][17].item()), "bilinear")
        case(policy, "ShearX", -float(space["ShearX"][0][20].item()), "bilinear")
    write_vectors(OUT, "augment_policies.py", CASES)


if __name__ == "__main__":
    main()
