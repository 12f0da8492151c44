#!/usr/bin/env python3
"""Writes ../vectors/augment/ops.json (format "descent-augment/1"): every augmentation op of
the conformance table run by torchvision 0.14's functional ops on float tensors.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment.py

Deterministic: inputs come from seeded torch generators and are rounded to 3 decimals
(so the JSON text gives the very float32 values torch used); outputs are rounded to 7
decimals. Images are height x width x channels, row-major, as the format says; torch
works on channels x height x width, so every case is permuted in and out.
"""
import json
import os

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "ops.json")
INTERPOLATION = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}
IMAGENET_EIGVAL = [0.2175, 0.0188, 0.0045]
IMAGENET_EIGVEC = [[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.814], [-0.5836, -0.6948, 0.4203]]


def pixels(height, width, channels, seed, low=0.0, high=1.0):
    """Row-major HWC values, uniform in [low, high), rounded to 3 decimals."""
    g = torch.Generator().manual_seed(seed)
    raw = torch.rand(height * width * channels, generator=g, dtype=torch.float64) * (high - low) + low
    return [round(float(v), 3) for v in raw]


def with_grey_and_pure(values, channels):
    """Plants grey pixels, pure primaries and ties between channels (hue's edge cases)."""
    if channels != 3:
        return values
    planted = [[0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.7, 0.7, 0.2], [0.2, 0.7, 0.7], [0.7, 0.2, 0.7], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    out = list(values)
    for i, rgb in enumerate(planted):
        if 3 * i + 3 <= len(out):
            out[3 * i : 3 * i + 3] = rgb
    return out


def to_chw(values, shape):
    h, w, c = shape
    return torch.tensor(values, dtype=torch.float32).reshape(h, w, c).permute(2, 0, 1).contiguous()


def to_hwc(tensor):
    c, h, w = tensor.shape
    flat = tensor.permute(1, 2, 0).reshape(-1).tolist()
    return {"shape": [h, w, c], "values": [round(v, 7) + 0.0 for v in flat]}


def pca_lighting(img, alphas, eigval, eigvec):
    """AlexNet lighting: x + eigvec . (alphas * eigval) on every pixel (no clamp)."""
    offset = torch.tensor(eigvec, dtype=torch.float32) @ (torch.tensor(alphas, dtype=torch.float32) * torch.tensor(eigval, dtype=torch.float32))
    return img + offset.view(3, 1, 1)


def run(op, img):
    t = op["type"]
    if t == "flipLeftRight":
        return F.hflip(img)
    if t == "flipUpDown":
        return F.vflip(img)
    if t == "crop":
        return F.crop(img, op["top"], op["left"], op["height"], op["width"])
    if t == "centerCrop":
        return F.center_crop(img, [op["height"], op["width"]])
    if t == "pad":
        p = op["padding"]
        return F.pad(img, [p["left"], p["top"], p["right"], p["bottom"]], fill=op.get("value", 0), padding_mode=op.get("mode", "constant"))
    if t == "resize":
        return F.resize(img, [op["height"], op["width"]], interpolation=INTERPOLATION[op.get("interpolation", "bilinear")], antialias=False)
    if t == "resizedCrop":
        return F.resized_crop(img, op["top"], op["left"], op["height"], op["width"], [op["outHeight"], op["outWidth"]],
                              interpolation=INTERPOLATION[op.get("interpolation", "bilinear")], antialias=False)
    if t == "adjustBrightness":
        return F.adjust_brightness(img, op["factor"])
    if t == "adjustContrast":
        return F.adjust_contrast(img, op["factor"])
    if t == "adjustSaturation":
        return F.adjust_saturation(img, op["factor"])
    if t == "adjustHue":
        return F.adjust_hue(img, op["factor"])
    if t == "grayscale":
        return F.rgb_to_grayscale(img, op.get("channels", 1))
    if t == "normalize":
        return F.normalize(img, op["mean"], op["std"])
    if t == "erase":
        value = op.get("value", 0)
        v = torch.tensor(value, dtype=torch.float32).view(-1, 1, 1) if isinstance(value, list) else torch.tensor(float(value))
        return F.erase(img, op["top"], op["left"], op["height"], op["width"], v)
    if t == "pcaLighting":
        return pca_lighting(img, op["alphas"], op.get("eigval", IMAGENET_EIGVAL), op.get("eigvec", IMAGENET_EIGVEC))
    raise ValueError(f"unknown op {t}")


CASES = []
SEEDS = iter(range(1000, 100000))


def case(case_id, op, shape, low=0.0, high=1.0, planted=False, atol=None):
    values = pixels(*shape, next(SEEDS), low, high)
    if planted:
        values = with_grey_and_pure(values, shape[2])
    out = to_hwc(run(op, to_chw(values, shape)))
    entry = {"id": case_id, "op": op, "input": {"shape": list(shape), "values": values}, "expected": out}
    if atol is not None:
        entry["atol"] = atol
    CASES.append(entry)


def geometry_cases():
    for shape in [(5, 7, 3), (4, 6, 1), (1, 5, 3)]:
        tag = "x".join(map(str, shape))
        case(f"flipLeftRight/{tag}", {"type": "flipLeftRight"}, shape)
        case(f"flipUpDown/{tag}", {"type": "flipUpDown"}, shape)
    crop = lambda top, left, h, w: {"type": "crop", "top": top, "left": left, "height": h, "width": w}
    case("crop/inside", crop(1, 2, 4, 5), (7, 9, 3))
    case("crop/whole", crop(0, 0, 7, 9), (7, 9, 3))
    case("crop/single-pixel-1ch", crop(3, 4, 1, 1), (6, 5, 1))
    case("crop/beyond-bottom-right", crop(5, 6, 6, 7), (7, 9, 3))
    case("crop/beyond-top-left", crop(-2, -3, 5, 6), (7, 9, 3))
    case("crop/beyond-every-side-1ch", crop(-1, -2, 8, 10), (5, 6, 1))
    case("crop/outside-below", crop(9, 2, 3, 3), (7, 9, 3))
    center = lambda h, w: {"type": "centerCrop", "height": h, "width": w}
    case("centerCrop/odd-margin-rounds-half-to-even", center(4, 5), (7, 9, 3))
    case("centerCrop/margin-2.5", center(3, 3), (8, 8, 1))
    case("centerCrop/same-size", center(5, 6), (5, 6, 3))
    case("centerCrop/larger-pads-zeros", center(8, 9), (5, 6, 3))
    case("centerCrop/taller-narrower", center(6, 5), (4, 9, 3))
    case("centerCrop/larger-odd-1ch", center(7, 4), (4, 3, 1))
    pad = lambda l, t, r, b, mode, value=None: dict({"type": "pad", "padding": {"left": l, "top": t, "right": r, "bottom": b}, "mode": mode}, **({} if value is None else {"value": value}))
    case("pad/constant-zero", pad(2, 1, 0, 3, "constant"), (5, 6, 3))
    case("pad/constant-value", pad(1, 2, 3, 1, "constant", 0.5), (4, 5, 3))
    case("pad/constant-1ch", pad(3, 0, 1, 2, "constant", 0.25), (3, 4, 1))
    case("pad/reflect", pad(2, 2, 2, 2, "reflect"), (7, 9, 3))
    case("pad/reflect-widest", pad(4, 3, 4, 3, "reflect"), (4, 5, 3))
    case("pad/reflect-1ch", pad(1, 2, 0, 1, "reflect"), (3, 4, 1))
    case("pad/edge", pad(3, 1, 2, 4, "edge"), (5, 6, 3))
    case("pad/edge-wider-than-image", pad(7, 6, 5, 8, "edge"), (3, 2, 1))
    case("pad/symmetric", pad(2, 3, 1, 2, "symmetric"), (5, 6, 3))
    case("pad/symmetric-widest", pad(5, 4, 5, 4, "symmetric"), (4, 5, 1))
    resize = lambda h, w, mode="bilinear": {"type": "resize", "height": h, "width": w, "interpolation": mode}
    case("resize/bilinear-down", resize(5, 7), (11, 13, 3))
    case("resize/bilinear-up", resize(9, 11), (5, 6, 3))
    case("resize/bilinear-mixed", resize(10, 4), (7, 9, 3))
    case("resize/bilinear-same", resize(6, 5), (6, 5, 3))
    case("resize/bilinear-1ch", resize(8, 3), (5, 7, 1))
    case("resize/bilinear-to-one-pixel", resize(1, 1), (4, 6, 3))
    case("resize/bilinear-from-one-row", resize(3, 9), (1, 4, 3))
    case("resize/bilinear-half", resize(4, 5), (8, 10, 3))
    case("resize/bilinear-double", resize(8, 10), (4, 5, 1))
    case("resize/nearest-down", resize(5, 7, "nearest"), (11, 13, 3))
    case("resize/nearest-up", resize(9, 11, "nearest"), (5, 6, 3))
    case("resize/nearest-float32-index-14-to-20", resize(20, 20, "nearest"), (14, 14, 1))
    case("resize/nearest-1ch-mixed", resize(7, 4, "nearest"), (3, 10, 1))
    rc = lambda top, left, h, w, oh, ow, mode="bilinear": {"type": "resizedCrop", "top": top, "left": left, "height": h, "width": w, "outHeight": oh, "outWidth": ow, "interpolation": mode}
    case("resizedCrop/bilinear-up", rc(1, 2, 4, 5, 7, 9), (7, 9, 3))
    case("resizedCrop/bilinear-down", rc(2, 1, 9, 10, 4, 5), (12, 13, 3))
    case("resizedCrop/nearest", rc(0, 3, 6, 4, 9, 7, "nearest"), (7, 9, 3))
    case("resizedCrop/bilinear-1ch", rc(1, 1, 3, 3, 5, 6), (5, 6, 1))
    case("resizedCrop/beyond-the-image", rc(-1, 4, 6, 7, 5, 5), (7, 9, 3))


def color_cases():
    for factor in [0.0, 0.5, 1.0, 1.7]:
        case(f"adjustBrightness/{factor}", {"type": "adjustBrightness", "factor": factor}, (5, 7, 3), -0.2, 1.2)
    case("adjustBrightness/1ch", {"type": "adjustBrightness", "factor": 1.3}, (4, 6, 1))
    for factor in [0.0, 0.4, 1.0, 2.5]:
        case(f"adjustContrast/{factor}", {"type": "adjustContrast", "factor": factor}, (5, 7, 3))
    case("adjustContrast/out-of-range-input", {"type": "adjustContrast", "factor": 1.6}, (6, 5, 3), -0.2, 1.2)
    case("adjustContrast/1ch", {"type": "adjustContrast", "factor": 0.6}, (4, 6, 1))
    for factor in [0.0, 0.3, 2.0]:
        case(f"adjustSaturation/{factor}", {"type": "adjustSaturation", "factor": factor}, (5, 7, 3))
    case("adjustSaturation/1ch-unchanged", {"type": "adjustSaturation", "factor": 1.8}, (4, 6, 1))
    for factor in [-0.5, -0.21, 0.0, 0.13, 0.37, 0.5]:
        case(f"adjustHue/{factor}", {"type": "adjustHue", "factor": factor}, (6, 7, 3), planted=True)
    case("adjustHue/1ch-unchanged", {"type": "adjustHue", "factor": 0.2}, (4, 6, 1))
    case("grayscale/1", {"type": "grayscale", "channels": 1}, (5, 7, 3))
    case("grayscale/3", {"type": "grayscale", "channels": 3}, (5, 7, 3))
    case("grayscale/1ch-input", {"type": "grayscale", "channels": 1}, (4, 6, 1))
    case("normalize/imagenet", {"type": "normalize", "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}, (5, 7, 3))
    case("normalize/1ch", {"type": "normalize", "mean": [0.1307], "std": [0.3081]}, (4, 6, 1))
    erase = lambda top, left, h, w, value: {"type": "erase", "top": top, "left": left, "height": h, "width": w, "value": value}
    case("erase/scalar", erase(1, 2, 3, 4, 0), (6, 7, 3))
    case("erase/per-channel", erase(0, 0, 2, 5, [0.485, 0.456, 0.406]), (6, 7, 3))
    case("erase/clipped-at-border", erase(4, 5, 5, 5, 0.75), (6, 7, 3))
    case("erase/1ch", erase(2, 1, 2, 2, 1), (4, 5, 1))
    case("erase/empty", erase(2, 2, 0, 3, 0.5), (4, 5, 3))
    case("pcaLighting/imagenet", {"type": "pcaLighting", "alphas": [0.083, -0.141, 0.052]}, (5, 7, 3))
    case("pcaLighting/custom-basis", {"type": "pcaLighting", "alphas": [-0.2, 0.1, 0.3], "eigval": [0.05, 0.01, 0.002],
                                      "eigvec": [[0.6, 0.7, 0.39], [0.5, -0.1, -0.86], [0.62, -0.7, 0.33]]}, (4, 6, 3))


def write_vectors(path, generator, cases, reference=None):
    """Writes a "descent-augment/1" file of cases, naming its generator and reference."""
    reference = reference or f"torchvision {torchvision.__version__}, torch {torch.__version__}"
    with open(path, "w") as f:
        json.dump({"format": "descent-augment/1", "generator": f"packages/conformance/generators/{generator}", "reference": reference, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases written to {os.path.relpath(path)}")


def main():
    geometry_cases()
    color_cases()
    write_vectors(OUT, "augment.py", CASES)


if __name__ == "__main__":
    main()
