#!/usr/bin/env python3
"""Writes ../vectors/augment/uint8.json (format "descent-augment/1"): the warps and tone ops
run by torchvision 0.14's functional ops on uint8 tensors, the cases' images with
`dtype: "uint8"` (levels 0..255).

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_uint8.py

torchvision computes these ops in float32 on the levels and then either rounds (ties to
even: the warps through grid_sample, elastic, gaussian_blur) or works on integers exactly
(invert, posterize, solarize, equalize), which @descent/augment matches level for level:
those cases are exact. autocontrast, adjust_sharpness and rgb_to_grayscale instead truncate
their float result toward zero (`.to(torch.uint8)`), where @descent/augment rounds it (a
uint8 image is its float image rounded, for every op): those cases carry `atol: 1` (one
level), and the generator asserts that torchvision's uint8 output is its own float output,
times 255, truncated (to float32 noise; adjust_sharpness first rounds its blurred image to
levels too, which moves its blend by at most ½·|1 − factor| < ½ level for the factors here),
so one level of slack covers the rounding and nothing else.
Ops take their parameters in 0..1 units (fill, threshold), as the project does; torchvision
gets them times 255.
"""
import os

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

from augment import pixels, write_vectors
from augment import run as run_classic
from augment_tone import run as run_tone
from augment_elastic import displacement, nudge_off_ties

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "uint8.json")
INTERPOLATION = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}
TRUNCATING = {"autocontrast", "adjustSharpness", "grayscale"}


def run(op, img):
    """The op on a CHW tensor of levels (uint8) or of the same levels / 255 (float)."""
    t = op["type"]
    unit = 255 if img.dtype == torch.uint8 else 1
    fill = [float(op.get("fill", 0)) * unit] * img.shape[0]
    mode = INTERPOLATION.get(op.get("interpolation"))
    if t == "rotate":
        return F.rotate(img, op["angle"], interpolation=mode, expand=op["expand"], fill=fill)
    if t == "affine":
        return F.affine(img, op["angle"], translate=op["translate"], scale=op["scale"], shear=op["shear"], interpolation=mode, fill=fill)
    if t == "perspective":
        return F.perspective(img, op["startpoints"], op["endpoints"], interpolation=mode, fill=fill)
    if t == "elastic":
        h, w = img.shape[-2:]
        return F.elastic_transform(img, torch.tensor(op["displacement"], dtype=torch.float32).reshape(1, h, w, 2), interpolation=mode, fill=fill)
    if t == "grayscale":
        return run_classic(op, img)
    return run_tone(op, img)


def levels_image(h, w, c, seed):
    return [min(255, max(0, round(v * 255))) for v in pixels(h, w, c, seed)]


def chw(values, shape, dtype):
    h, w, c = shape
    return torch.tensor(values, dtype=dtype).reshape(h, w, c).permute(2, 0, 1).contiguous()


def hwc_levels(tensor):
    return [int(v) for v in tensor.permute(1, 2, 0).reshape(-1).tolist()]


def assert_truncates(case_id, out, floats, slack=0):
    """Asserts that torchvision's uint8 output is its float output (times 255) truncated: below it by [0, 1), up to float32 noise and `slack` levels."""
    below = floats.clamp(0, 255) - out.to(torch.float32)
    assert below.min() > -1e-3 - slack and below.max() < 1 + 1e-3 + slack, f"{case_id}: torchvision's uint8 output is not its float output truncated"


CASES = []
SEEDS = iter(range(15000, 100000))


def case(case_id, op, shape):
    values = levels_image(*shape, next(SEEDS))
    out = run(op, chw(values, shape, torch.uint8))
    assert out.dtype == torch.uint8, out.dtype
    entry = {"id": case_id, "op": op, "input": {"shape": list(shape), "dtype": "uint8", "values": values},
             "expected": {"shape": [out.shape[1], out.shape[2], out.shape[0]], "dtype": "uint8", "values": hwc_levels(out)}}
    t = op["type"]
    if t in TRUNCATING:
        floats = run(op, chw(values, shape, torch.float32) / 255) * 255
        # adjust_sharpness also rounds its blurred image to levels before the blend, moving the value by up to ½·|1 − factor|
        assert_truncates(case_id, out, floats, abs(1 - op["factor"]) / 2 if t == "adjustSharpness" else 0)
        entry["atol"] = 1
    CASES.append(entry)


def main():
    rotate = lambda angle, mode, expand=False, fill=0.0: {"type": "rotate", "angle": angle, "interpolation": mode, "expand": expand, "fill": fill}
    case("uint8/rotate-30-bilinear", rotate(30, "bilinear"), (7, 9, 3))
    case("uint8/rotate-37.5-bilinear-expand-fill0.6", rotate(37.5, "bilinear", expand=True, fill=0.6), (8, 10, 3))
    case("uint8/rotate-90-nearest-expand", rotate(90, "nearest", expand=True), (7, 9, 1))
    affine = lambda angle, translate, scale, shear, mode, fill=0.0: {"type": "affine", "angle": angle, "translate": translate, "scale": scale, "shear": shear, "interpolation": mode, "fill": fill}
    case("uint8/affine-bilinear", affine(-12, [1, 2], 0.9, [10, -14], "bilinear", 0.5), (7, 9, 3))
    case("uint8/affine-translate-nearest", affine(0, [2, -1], 1.0, [0, 0], "nearest", 0.4), (7, 9, 3))
    persp = lambda end, mode="bilinear", fill=0.0: {"type": "perspective", "startpoints": [[0, 0], [8, 0], [8, 6], [0, 6]], "endpoints": end, "interpolation": mode, "fill": fill}
    case("uint8/perspective-bilinear", persp([[1, 0], [7, 1], [8, 6], [0, 5]]), (7, 9, 3))
    case("uint8/perspective-bilinear-fill", persp([[0, 2], [8, 0], [6, 6], [2, 5]], fill=0.7), (7, 9, 3))
    for shape, reach, mode, fill in [((7, 9, 3), 0.3, "bilinear", 0.0), ((6, 8, 1), 0.5, "bilinear", 0.6), ((7, 9, 3), 0.3, "nearest", 0.25)]:
        op = {"type": "elastic", "displacement": displacement(shape[0], shape[1], next(SEEDS), reach), "interpolation": mode, "fill": fill}
        if mode == "nearest":
            nudge_off_ties(op, shape[0], shape[1])
        case(f"uint8/elastic-{mode}-{shape[2]}ch-fill{fill}", op, shape)
    case("uint8/invert", {"type": "invert"}, (5, 7, 3))
    for threshold in [0.5, 0.83]:
        case(f"uint8/solarize-{threshold}", {"type": "solarize", "threshold": threshold}, (5, 7, 3))
    for bits in [1, 4]:
        case(f"uint8/posterize-{bits}", {"type": "posterize", "bits": bits}, (5, 7, 3))
    case("uint8/equalize-24x20", {"type": "equalize"}, (24, 20, 3))
    case("uint8/autocontrast", {"type": "autocontrast"}, (5, 7, 3))
    for factor in [0.3, 1.7]:
        case(f"uint8/adjustSharpness-{factor}", {"type": "adjustSharpness", "factor": factor}, (6, 7, 3))
    case("uint8/grayscale-1", {"type": "grayscale", "channels": 1}, (5, 7, 3))
    case("uint8/grayscale-3", {"type": "grayscale", "channels": 3}, (5, 7, 3))
    case("uint8/gaussianBlur-3x5", {"type": "gaussianBlur", "kernelSize": [3, 5], "sigma": [0.8, 1.4]}, (7, 9, 3))
    write_vectors(OUT, "augment_uint8.py", CASES)


if __name__ == "__main__":
    main()
