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
import math
import os

import torch
import torchvision
from torchvision.ops import box_convert, clip_boxes_to_image, remove_small_boxes

from augment import pixels, to_chw, to_hwc, write_vectors
from augment import run as run_classic
from augment_warps import run as run_warp

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "targets.json")


def point_map(op, height, width):
    """(a, b, c, d, e, f) with x' = a*x + b*y + c, y' = d*x + e*y + f, and the output (height, width)."""
    t = op["type"]
    axes = lambda sx, tx, sy, ty: (sx, 0.0, tx, 0.0, sy, ty)
    if t == "flipLeftRight":
        return axes(-1.0, float(width), 1.0, 0.0), (height, width)
    if t == "flipUpDown":
        return axes(1.0, 0.0, -1.0, float(height)), (height, width)
    if t == "crop":
        return axes(1.0, -op["left"], 1.0, -op["top"]), (op["height"], op["width"])
    if t == "centerCrop":
        h, w = op["height"], op["width"]
        # torchvision center_crop: round((size - length) / 2) when it fits, else pad (length - size) // 2 before
        top = int(round((height - h) / 2.0)) if h <= height else -((h - height) // 2)
        left = int(round((width - w) / 2.0)) if w <= width else -((w - width) // 2)
        return axes(1.0, -left, 1.0, -top), (h, w)
    if t == "pad":
        p = op["padding"]
        return axes(1.0, p["left"], 1.0, p["top"]), (height + p["top"] + p["bottom"], width + p["left"] + p["right"])
    if t == "resize":
        return axes(op["width"] / width, 0.0, op["height"] / height, 0.0), (op["height"], op["width"])
    if t == "resizedCrop":
        sx, sy = op["outWidth"] / op["width"], op["outHeight"] / op["height"]
        return axes(sx, -op["left"] * sx, sy, -op["top"] * sy), (op["outHeight"], op["outWidth"])
    if t == "rotate":
        # the picture turns counter-clockwise about the centre: a point q from the input's centre
        # goes to R(-angle) q from the output's centre (y down); the output size is torchvision's
        out = run(op, torch.zeros(1, height, width)).shape[1:]
        rad = math.radians(op["angle"])
        c, s = math.cos(rad), math.sin(rad)
        cx, cy, ox, oy = width / 2, height / 2, out[1] / 2, out[0] / 2
        return (c, s, -c * cx - s * cy + ox, -s, c, s * cx - c * cy + oy), (out[0], out[1])
    if t == "affine":
        # p = t + M q about the centre, M = scale * R(angle) ShY(shear_y) ShX(shear_x) (clockwise, y down)
        rad, shx, shy = (math.radians(v) for v in (op["angle"], *op["shear"]))
        rot = torch.tensor([[math.cos(rad), -math.sin(rad)], [math.sin(rad), math.cos(rad)]], dtype=torch.float64)
        m = op["scale"] * rot @ torch.tensor([[1, 0], [-math.tan(shy), 1]], dtype=torch.float64) @ torch.tensor([[1, -math.tan(shx)], [0, 1]], dtype=torch.float64)
        (a, b), (d, e) = m.tolist()
        cx, cy = op.get("center") or (width / 2, height / 2)
        return (a, b, -a * cx - b * cy + op["translate"][0] + cx, d, e, -d * cx - e * cy + op["translate"][1] + cy), (height, width)
    if t == "perspective":
        # the homography that sends each startpoint to its endpoint (continuous coordinates)
        rows, rhs = [], []
        for (x, y), (u, v) in zip(op["startpoints"], op["endpoints"]):
            rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
            rhs += [u, v]
        return tuple(torch.linalg.solve(torch.tensor(rows, dtype=torch.float64), torch.tensor(rhs, dtype=torch.float64)).tolist()), (height, width)
    return None, (height, width)


def move(op, shape, targets):
    """The expected targets after `op` on an image of `shape` (h, w, c)."""
    m, out = point_map(op, shape[0], shape[1])
    to = None
    if m is not None:
        a, b, c, d, e, f, g, h = m if len(m) == 8 else (*m, 0.0, 0.0)
        to = lambda x, y: ((a * x + b * y + c) / (g * x + h * y + 1), (d * x + e * y + f) / (g * x + h * y + 1))
    return finish_targets(targets, shape, to, out)


def finish_targets(targets, shape, to, out):
    """The expected targets after moving every point of an image of `shape` (h, w, c) by
    `to` ((x, y) -> (x', y'), or None for no move) onto an image of `out` (oh, ow): boxes
    become the envelope of their moved corners, clipped (and, unclipped, give the visible
    fraction), then dropped by the limits; keypoints outside become invisible."""
    height, width = shape[0], shape[1]
    oh, ow = out
    fmt, normalized = targets["boxFormat"], targets["normalized"]
    boxes = torch.tensor(targets["boxes"], dtype=torch.float64).reshape(-1, 4)
    if normalized:
        boxes = boxes * torch.tensor([width, height, width, height], dtype=torch.float64)
    boxes = box_convert(boxes, fmt, "xyxy")
    points = torch.tensor(targets["keypoints"], dtype=torch.float64).reshape(-1, 3)
    if normalized:
        points[:, 0] *= width
        points[:, 1] *= height
    moved = boxes.clone()
    clipped = clip_boxes_to_image(boxes, (height, width))
    if to is not None:
        def apply(box):
            rows = []
            for x0, y0, x1, y1 in box.tolist():
                corners = [to(x0, y0), to(x1, y0), to(x0, y1), to(x1, y1)]
                xs, ys = [x for x, _ in corners], [y for _, y in corners]
                rows.append([min(xs), min(ys), max(xs), max(ys)])
            return torch.tensor(rows, dtype=torch.float64).reshape(-1, 4)
        moved = apply(moved)
        clipped = clip_boxes_to_image(apply(clipped), (oh, ow))
        for row in points:
            row[0], row[1] = to(float(row[0]), float(row[1]))
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


def run(op, img):
    return run_warp(op, img) if op["type"] in ("rotate", "affine", "perspective") else run_classic(op, img)


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
    case("targets/rotate-30", {"type": "rotate", "angle": 30, "interpolation": "bilinear", "expand": False, "fill": 0}, (7, 9, 3), boxes, points)
    case("targets/rotate-90-expand", {"type": "rotate", "angle": 90, "interpolation": "nearest", "expand": True, "fill": 0}, (7, 9, 3), boxes, points)
    case("targets/rotate--37.5-expand-cxcywh", {"type": "rotate", "angle": -37.5, "interpolation": "bilinear", "expand": True, "fill": 0}, (8, 10, 3), cxcywh, points, box_format="cxcywh")
    case("targets/affine-everything", {"type": "affine", "angle": 20, "translate": [1, -2], "scale": 1.2, "shear": [10, -5], "interpolation": "bilinear", "fill": 0}, (7, 9, 3), boxes, points, min_visibility=0.4)
    case("targets/affine-translate-normalized", {"type": "affine", "angle": 0, "translate": [2, 1], "scale": 1.0, "shear": [0, 0], "interpolation": "nearest", "fill": 0}, (7, 9, 1),
         normalized, [0.5, 0.5, 1, 0.9, 0.1, 1], normalized=True)
    case("targets/affine-shear-about-corner", {"type": "affine", "angle": 0, "translate": [0, 0], "scale": 1.0, "shear": [16.7, 0], "interpolation": "nearest", "fill": 0, "center": [0, 0]}, (7, 9, 3), boxes, points)
    case("targets/perspective", {"type": "perspective", "startpoints": [[0, 0], [8, 0], [8, 6], [0, 6]], "endpoints": [[1, 0], [7, 1], [8, 6], [0, 5]], "interpolation": "bilinear", "fill": 0}, (7, 9, 3), boxes, points)
    case("targets/min-size-2-after-resize", {"type": "resize", "height": 3, "width": 4, "interpolation": "nearest"}, (7, 9, 1), boxes, points, min_size=2, min_area=0)
    write_vectors(OUT, "augment_targets.py", CASES, f"torchvision {torchvision.__version__} (images, box_convert, clip_boxes_to_image, remove_small_boxes), torch {torch.__version__}; "
                  "targets from torchvision v2's documented formulas")


if __name__ == "__main__":
    main()
