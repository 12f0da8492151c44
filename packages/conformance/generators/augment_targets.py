#!/usr/bin/env python3
"""Writes ../vectors/augment/targets.json (format "descent-augment/1" with "targets"):
boxes, keypoints and labels moved by the geometric ops together with the image.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_targets.py

The image of every case is torchvision 0.14's functional op (as in augment.py). torchvision
0.14 has no v2 bounding-box or keypoint types (tv_tensors came in 0.16), so the targets'
expected values come from formulas written here, following torchvision v2's documented
semantics: coordinates are continuous pixels (the image spans [0, W] x [0, H]); a flip maps
x to W - x, a crop subtracts its origin, a pad adds its left/top padding whatever its mode,
a resize scales by out/in; boxes are clamped to the image after every op
(torchvision.ops.clip_boxes_to_image) and dropped with their labels when narrower or lower
than min_size (torchvision.ops.remove_small_boxes), smaller than min_area, or when less
than min_visibility of the moved box is left inside; a keypoint that leaves the image
(x outside [0, W) or y outside [0, H)) gets visibility 0. Box formats are converted with
torchvision.ops.box_convert. Everything is float64.
"""
import json
import os

import torch
import torchvision
from torchvision.ops import box_convert, clip_boxes_to_image, remove_small_boxes

from augment import pixels, run, to_chw, to_hwc

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "targets.json")


def point_map(op, height, width):
    """(sx, tx, sy, ty) with x' = sx*x + tx, y' = sy*y + ty, and the output (height, width)."""
    t = op["type"]
    if t == "flipLeftRight":
        return (-1.0, float(width), 1.0, 0.0), (height, width)
    if t == "flipUpDown":
        return (1.0, 0.0, -1.0, float(height)), (height, width)
    if t == "crop":
        return (1.0, -op["left"], 1.0, -op["top"]), (op["height"], op["width"])
    if t == "centerCrop":
        h, w = op["height"], op["width"]
        # torchvision center_crop: round((size - length) / 2) when it fits, else pad (length - size) // 2 before
        top = int(round((height - h) / 2.0)) if h <= height else -((h - height) // 2)
        left = int(round((width - w) / 2.0)) if w <= width else -((w - width) // 2)
        return (1.0, -left, 1.0, -top), (h, w)
    if t == "pad":
        p = op["padding"]
        return (1.0, p["left"], 1.0, p["top"]), (height + p["top"] + p["bottom"], width + p["left"] + p["right"])
    if t == "resize":
        return (op["width"] / width, 0.0, op["height"] / height, 0.0), (op["height"], op["width"])
    if t == "resizedCrop":
        sx, sy = op["outWidth"] / op["width"], op["outHeight"] / op["height"]
        return (sx, -op["left"] * sx, sy, -op["top"] * sy), (op["outHeight"], op["outWidth"])
    return None, (height, width)


def move(op, shape, targets):
    """The expected targets after `op` on an image of `shape` (h, w, c)."""
    height, width = shape[0], shape[1]
    fmt, normalized = targets["boxFormat"], targets["normalized"]
    boxes = torch.tensor(targets["boxes"], dtype=torch.float64).reshape(-1, 4)
    if normalized:
        boxes = boxes * torch.tensor([width, height, width, height], dtype=torch.float64)
    boxes = box_convert(boxes, fmt, "xyxy")
    points = torch.tensor(targets["keypoints"], dtype=torch.float64).reshape(-1, 3)
    if normalized:
        points[:, 0] *= width
        points[:, 1] *= height
    m, (oh, ow) = point_map(op, height, width)
    moved = boxes.clone()
    clipped = clip_boxes_to_image(boxes, (height, width))
    if m is not None:
        sx, tx, sy, ty = m
        def apply(b):
            xs = torch.stack([b[:, 0] * sx + tx, b[:, 2] * sx + tx], 1)
            ys = torch.stack([b[:, 1] * sy + ty, b[:, 3] * sy + ty], 1)
            return torch.stack([xs.min(1).values, ys.min(1).values, xs.max(1).values, ys.max(1).values], 1)
        moved = apply(moved)
        clipped = clip_boxes_to_image(apply(clipped), (oh, ow))
        points[:, 0] = points[:, 0] * sx + tx
        points[:, 1] = points[:, 1] * sy + ty
        outside = (points[:, 0] < 0) | (points[:, 0] >= ow) | (points[:, 1] < 0) | (points[:, 1] >= oh)
        points[outside, 2] = 0
    area = lambda b: (b[:, 2] - b[:, 0]).clamp(min=0) * (b[:, 3] - b[:, 1]).clamp(min=0)
    visible, whole = area(clipped), area(moved)
    fraction = torch.where(whole > 0, visible / torch.where(whole > 0, whole, torch.ones_like(whole)), torch.zeros_like(whole))
    sized = torch.zeros(len(clipped), dtype=torch.bool)
    sized[remove_small_boxes(clipped, targets["minSize"])] = True
    keep = sized & (visible >= targets["minArea"]) & (fraction >= targets["minVisibility"])
    kept = box_convert(clipped[keep], "xyxy", fmt)
    if normalized:
        kept = kept / torch.tensor([ow, oh, ow, oh], dtype=torch.float64)
        points[:, 0] /= ow
        points[:, 1] /= oh
    labels = [label for label, k in zip(targets["labels"], keep.tolist()) if k]
    return {"boxes": [float(v) for v in kept.reshape(-1)], "keypoints": [float(v) + 0.0 for v in points.reshape(-1)], "labels": labels}


CASES = []
SEEDS = iter(range(5000, 100000))


def case(case_id, op, shape, boxes, keypoints, box_format="xyxy", normalized=False, min_size=1, min_area=1, min_visibility=0):
    values = pixels(*shape, next(SEEDS))
    targets = {"boxFormat": box_format, "normalized": normalized, "minSize": min_size, "minArea": min_area, "minVisibility": min_visibility,
               "boxes": boxes, "keypoints": keypoints, "labels": list(range(1, len(boxes) // 4 + 1))}
    CASES.append({"id": case_id, "op": op, "input": {"shape": list(shape), "values": values}, "expected": to_hwc(run(op, to_chw(values, shape))),
                  "targets": targets, "expectedTargets": move(op, shape, targets)})


def main():
    boxes = [1, 1, 4, 3, 5, 0, 9, 2, 0, 4, 2, 7, 4, 3, 7, 5, 6, 4, 9, 7, 0, 0, 9, 7]  # xyxy on 7 x 9
    points = [0.5, 0.5, 2, 8.5, 6.5, 1, 4, 3, 1, 2, 5, 0]
    crop = {"type": "crop", "top": 2, "left": 3, "height": 4, "width": 5}
    case("targets/flipLeftRight", {"type": "flipLeftRight"}, (7, 9, 3), boxes, points)
    case("targets/flipUpDown", {"type": "flipUpDown"}, (7, 9, 3), boxes, points)
    case("targets/crop-clips-and-drops", crop, (7, 9, 3), boxes, points)
    case("targets/crop-min-visibility-0.5", crop, (7, 9, 3), boxes, points, min_visibility=0.5)
    case("targets/crop-min-area-4", crop, (7, 9, 3), boxes, points, min_area=4)
    case("targets/crop-beyond-top-left", {"type": "crop", "top": -2, "left": -1, "height": 6, "width": 8}, (7, 9, 3), boxes, points)
    case("targets/centerCrop", {"type": "centerCrop", "height": 4, "width": 5}, (7, 9, 3), boxes, points)
    case("targets/centerCrop-larger", {"type": "centerCrop", "height": 10, "width": 11}, (7, 9, 3), boxes, points)
    case("targets/pad-reflect", {"type": "pad", "padding": {"left": 2, "top": 1, "right": 0, "bottom": 3}, "mode": "reflect"}, (7, 9, 3), boxes, points)
    case("targets/resize-bilinear", {"type": "resize", "height": 5, "width": 13, "interpolation": "bilinear"}, (7, 9, 3), boxes, points)
    case("targets/resizedCrop", {"type": "resizedCrop", "top": 1, "left": 2, "height": 5, "width": 6, "outHeight": 8, "outWidth": 4, "interpolation": "bilinear"}, (7, 9, 3), boxes, points)
    xywh = [1, 1, 3, 2, 5, 0, 4, 2, 0, 4, 2, 3, 4, 3, 3, 2]
    cxcywh = [2.5, 2, 3, 2, 7, 1, 4, 2, 1, 5.5, 2, 3, 7.5, 5.5, 3, 3]
    case("targets/xywh-flip", {"type": "flipLeftRight"}, (7, 9, 3), xywh, points, box_format="xywh")
    case("targets/cxcywh-crop", crop, (7, 9, 3), cxcywh, points, box_format="cxcywh")
    normalized = [1 / 9, 1 / 7, 4 / 9, 4 / 7, 5 / 9, 0, 1, 3 / 7]  # sizes clear of the limits by more than float32 rounding (tensor targets read float32)
    case("targets/normalized-resizedCrop", {"type": "resizedCrop", "top": 0, "left": 1, "height": 6, "width": 6, "outHeight": 3, "outWidth": 9, "interpolation": "nearest"}, (7, 9, 1),
         normalized, [0.5, 0.5, 1, 0.05, 0.9, 1], normalized=True)
    case("targets/min-size-2-after-resize", {"type": "resize", "height": 3, "width": 4, "interpolation": "nearest"}, (7, 9, 1), boxes, points, min_size=2, min_area=0)
    with open(OUT, "w") as f:
        json.dump({"format": "descent-augment/1", "generator": "packages/conformance/generators/augment_targets.py",
                   "reference": f"torchvision {torchvision.__version__} (images, box_convert, clip_boxes_to_image, remove_small_boxes), torch {torch.__version__}; "
                                "targets from torchvision v2's documented formulas", "cases": CASES}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(CASES)} cases written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
