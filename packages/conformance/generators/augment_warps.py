#!/usr/bin/env python3
"""Writes ../vectors/augment/warps.json (format "descent-augment/1"): rotate and affine run
by torchvision 0.14's functional ops on float tensors, with a fill (the random transforms
always pass one), so torchvision's fill rule applies.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_warps.py

Nearest cases are checked here to keep every source coordinate at least 2e-3 away from a
.5 tie, where float32 and float64 could round differently.
"""
import math
import os

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

from augment import pixels, to_chw, to_hwc, write_vectors

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "warps.json")
INTERPOLATION = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}


def run(op, img):
    fill = [float(op["fill"])] * img.shape[0]
    mode = INTERPOLATION[op["interpolation"]]
    if op["type"] == "rotate":
        return F.rotate(img, op["angle"], interpolation=mode, expand=op["expand"], fill=fill)
    if op["type"] == "perspective":
        return F.perspective(img, op["startpoints"], op["endpoints"], interpolation=mode, fill=fill)
    return F.affine(img, op["angle"], translate=op["translate"], scale=op["scale"], shear=op["shear"], interpolation=mode, fill=fill, center=op.get("center"))


def source_coordinates(op, shape):
    """The (ix, iy) every output pixel samples, by the formulas of the format's reference (float64)."""
    h, w = shape[0], shape[1]
    out = to_hwc(run(op, torch.zeros(shape[2], h, w)))["shape"]
    oh, ow = out[0], out[1]
    coords = []
    if op["type"] == "rotate":
        t = math.radians(op["angle"])
        c, s = math.cos(t), math.sin(t)
        for i in range(oh):
            for j in range(ow):
                px, py = j + 0.5 - ow / 2, i + 0.5 - oh / 2
                coords += [c * px - s * py + (w - 1) / 2, s * px + c * py + (h - 1) / 2]
        return coords
    t, sx, sy = (math.radians(v) for v in (op["angle"], *op["shear"]))
    a = math.cos(t - sy) / math.cos(sy)
    b = -math.cos(t - sy) * math.tan(sx) / math.cos(sy) - math.sin(t)
    cc = math.sin(t - sy) / math.cos(sy)
    d = -math.sin(t - sy) * math.tan(sx) / math.cos(sy) + math.cos(t)
    a, b, cc, d = (op["scale"] * v for v in (a, b, cc, d))
    det = a * d - b * cc
    cx, cy = op.get("center") or (w / 2, h / 2)
    for i in range(h):
        for j in range(w):
            px, py = j + 0.5 - cx - op["translate"][0], i + 0.5 - cy - op["translate"][1]
            coords += [(d * px - b * py) / det + cx - 0.5, (-cc * px + a * py) / det + cy - 0.5]
    return coords


CASES = []
SEEDS = iter(range(9000, 100000))


def case(case_id, op, shape):
    if op["interpolation"] == "nearest" and op["type"] != "perspective":
        tie = min(abs((v % 1) - 0.5) for v in source_coordinates(op, shape))
        assert tie >= 2e-3, f"{case_id}: a source coordinate {tie} from a .5 tie"
    values = pixels(*shape, next(SEEDS))
    CASES.append({"id": case_id, "op": op, "input": {"shape": list(shape), "values": values}, "expected": to_hwc(run(op, to_chw(values, shape)))})


def main():
    rotate = lambda angle, mode, expand=False, fill=0.0: {"type": "rotate", "angle": angle, "interpolation": mode, "expand": expand, "fill": fill}
    case("rotate/30-bilinear", rotate(30, "bilinear"), (7, 9, 3))
    case("rotate/-47-nearest", rotate(-47, "nearest"), (7, 9, 3))
    case("rotate/135-bilinear-fill0", rotate(135, "bilinear"), (6, 8, 1))
    case("rotate/20-bilinear-fill0.6", rotate(20, "bilinear", fill=0.6), (7, 9, 3))
    case("rotate/37.5-bilinear-expand-14x14", rotate(37.5, "bilinear", expand=True), (8, 10, 3))
    case("rotate/90-nearest-expand", rotate(90, "nearest", expand=True), (7, 9, 1))
    case("rotate/-90-nearest-expand", rotate(-90, "nearest", expand=True), (7, 9, 3))
    case("rotate/180-nearest", rotate(180, "nearest", fill=0.25), (6, 7, 3))
    case("rotate/-63-bilinear-expand-fill", rotate(-63, "bilinear", expand=True, fill=0.3), (5, 9, 3))
    affine = lambda angle, translate, scale, shear, mode, fill=0.0: {"type": "affine", "angle": angle, "translate": translate, "scale": scale, "shear": shear, "interpolation": mode, "fill": fill}
    case("affine/rotate-25-bilinear", affine(25, [0, 0], 1.0, [0, 0], "bilinear"), (7, 9, 3))
    case("affine/translate-nearest", affine(0, [2, -1], 1.0, [0, 0], "nearest", 0.4), (7, 9, 3))
    case("affine/scale-1.3-bilinear", affine(0, [0, 0], 1.3, [0, 0], "bilinear"), (8, 8, 1))
    case("affine/shear-x-bilinear", affine(0, [0, 0], 1.0, [17, 0], "bilinear"), (7, 9, 3))
    case("affine/bilinear-shear-xy", affine(-12, [1, 2], 0.9, [10, -14], "bilinear", 0.5), (7, 9, 3))
    case("affine/everything-nearest", affine(31, [-1, 1], 1.15, [-8, 6], "nearest"), (9, 7, 3))
    persp = lambda end, mode="bilinear", fill=0.0: {"type": "perspective", "startpoints": [[0, 0], [8, 0], [8, 6], [0, 6]], "endpoints": end, "interpolation": mode, "fill": fill}
    case("perspective/bilinear", persp([[1, 0], [7, 1], [8, 6], [0, 5]]), (7, 9, 3))
    case("perspective/bilinear-fill", persp([[0, 2], [8, 0], [6, 6], [2, 5]], fill=0.7), (7, 9, 3))
    case("perspective/bilinear-1ch", persp([[2, 1], [6, 0], [8, 5], [1, 6]]), (7, 9, 1))
    case("perspective/widen", persp([[-1, -1], [9, 0], [9, 7], [-1, 6]]), (7, 9, 3))
    corner = lambda op: dict(op, center=[0, 0])
    case("affine/shear-x-about-corner-nearest", corner(affine(0, [0, 0], 1.0, [math.degrees(math.atan(0.27)), 0], "nearest")), (7, 9, 3))
    case("affine/shear-y-about-corner-bilinear", corner(affine(0, [0, 0], 1.0, [0, math.degrees(math.atan(-0.4))], "bilinear", 0.2)), (7, 9, 3))
    case("affine/rotate-about-a-point", dict(affine(15, [1, 0], 1.0, [0, 0], "bilinear"), center=[2.5, 5]), (7, 9, 1))
    write_vectors(OUT, "augment_warps.py", CASES)


if __name__ == "__main__":
    main()
