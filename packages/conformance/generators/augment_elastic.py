#!/usr/bin/env python3
"""Writes ../vectors/augment/elastic.json (format "descent-augment/1"): torchvision 0.14's
functional elastic_transform with a displacement given in each case (the op's
`displacement`, height x width x 2 in grid units), on float tensors with a fill (the
random transform always passes one, so torchvision's fill rule applies), and boxes and
keypoints moved by torchvision v2's elastic rule for them, written out below.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_elastic.py

Displacements are multiples of 2^-10, exact in float32 and in the JSON text. Nearest cases
are nudged, then checked, to keep every source coordinate at least 2e-3 away from a .5 tie.
"""
import math
import os

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

from augment import pixels, to_chw, to_hwc, write_vectors
from augment_targets import finish_targets

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "elastic.json")
INTERPOLATION = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}


def displacement(height, width, seed, reach):
    """(dx, dy) per pixel, row-major, uniform in [-reach, reach) grid units, rounded to 2^-10."""
    g = torch.Generator().manual_seed(seed)
    raw = (torch.rand(height * width * 2, generator=g, dtype=torch.float64) * 2 - 1) * reach
    return [round(float(v) * 1024) / 1024 for v in raw]


def run(op, img):
    h, w = img.shape[-2:]
    d = torch.tensor(op["displacement"], dtype=torch.float32).reshape(1, h, w, 2)
    return F.elastic_transform(img, d, interpolation=INTERPOLATION[op["interpolation"]], fill=[float(op["fill"])] * img.shape[0])


def source_coordinates(op, h, w):
    """(ix, iy) = (j + dx*w/2, i + dy*h/2): grid_sample's unnormalised identity grid plus the displacement."""
    d = op["displacement"]
    return [v for i in range(h) for j in range(w) for v in (j + d[2 * (i * w + j)] * w / 2, i + d[2 * (i * w + j) + 1] * h / 2)]


def nudge_off_ties(op, h, w):
    """Moves every displacement whose source coordinate lies within 2e-3 of a .5 tie by 2^-8."""
    d = op["displacement"]
    for k, v in enumerate(source_coordinates(op, h, w)):
        if abs((v % 1) - 0.5) < 2e-3:
            d[k] += 1 / 256


def move_point(op, h, w):
    """torchvision v2's elastic rule for boxes and keypoints (functional elastic_bounding_box /
    elastic_keypoints): inv_grid = identity grid - displacement; a point (x, y) is rounded up
    to a pixel index (X, Y) = (ceil x, ceil y), clamped to the image, and goes to
    inv_grid[Y, X] unnormalised: X - dx*w/2, Y - dy*h/2."""
    d = op["displacement"]

    def to(x, y):
        X = min(max(math.ceil(x), 0), w - 1)
        Y = min(max(math.ceil(y), 0), h - 1)
        p = 2 * (Y * w + X)
        return X - d[p] * w / 2, Y - d[p + 1] * h / 2

    return to


CASES = []
SEEDS = iter(range(12000, 100000))


def case(case_id, shape, reach, mode="bilinear", fill=0.0, targets=None):
    h, w, _ = shape
    op = {"type": "elastic", "displacement": displacement(h, w, next(SEEDS), reach), "interpolation": mode, "fill": fill}
    if mode == "nearest":
        nudge_off_ties(op, h, w)
        tie = min(abs((v % 1) - 0.5) for v in source_coordinates(op, h, w))
        assert tie >= 2e-3, f"{case_id}: a source coordinate {tie} from a .5 tie"
    values = pixels(*shape, next(SEEDS))
    entry = {"id": case_id, "op": op, "input": {"shape": list(shape), "values": values}, "expected": to_hwc(run(op, to_chw(values, shape)))}
    if targets is not None:
        entry["targets"] = targets
        entry["expectedTargets"] = finish_targets(targets, shape, move_point(op, h, w), (h, w))
    CASES.append(entry)


def main():
    case("elastic/bilinear", (7, 9, 3), 0.3)
    case("elastic/bilinear-1ch", (6, 8, 1), 0.4)
    case("elastic/bilinear-fill0.6", (7, 9, 3), 0.5, fill=0.6)
    case("elastic/nearest", (7, 9, 3), 0.3, mode="nearest")
    case("elastic/nearest-fill0.25", (8, 6, 3), 0.5, mode="nearest", fill=0.25)
    case("elastic/small-moves", (9, 9, 3), 0.05)
    boxes = [1, 1, 4, 3, 5, 0, 9, 2, 0, 4, 2, 7, 4, 3, 7, 5, 6, 4, 9, 7, 0, 0, 9, 7]  # xyxy on 7 x 9
    points = [0.5, 0.5, 2, 8.5, 6.5, 1, 4, 3, 1, 2, 5, 0, 8.9, 0.1, 1, 0, 6.2, 1]
    targets = lambda fmt="xyxy", normalized=False, min_visibility=0: {"boxFormat": fmt, "normalized": normalized, "minSize": 1, "minArea": 1, "minVisibility": min_visibility,
                                                                     "boxes": boxes, "keypoints": points, "labels": list(range(1, len(boxes) // 4 + 1))}
    case("elastic/targets", (7, 9, 3), 0.3, targets=targets())
    case("elastic/targets-strong", (7, 9, 3), 0.8, targets=targets(min_visibility=0.3))
    write_vectors(OUT, "augment_elastic.py", CASES)


if __name__ == "__main__":
    main()
