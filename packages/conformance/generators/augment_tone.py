#!/usr/bin/env python3
"""Writes ../vectors/augment/tone.json (format "descent-augment/1"): the tone, filter and
channel ops run by torchvision 0.14's functional ops.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14):

    /usr/bin/python3 packages/conformance/generators/augment_tone.py

posterize and equalize exist only for uint8 in torchvision: their cases run on the 8-bit
levels of inputs that are multiples of 1/255, and their outputs (levels again) are divided
by 255. invert also has uint8 cases. The other ops run on float tensors (their uint8 paths
truncate or round intermediate results, which a float case cannot show). torchvision 0.14 has
no permute_channels (v2 added it): its cases index the channels with torch.
"""
import os

import torch
import torchvision
import torchvision.transforms.functional as F

from augment import pixels, to_chw, to_hwc, write_vectors

assert torchvision.__version__.startswith("0.14"), torchvision.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "augment", "tone.json")


def run(op, img):
    t = op["type"]
    if t == "invert":
        return F.invert(img)
    if t == "solarize":
        return F.solarize(img, op["threshold"] * (255 if img.dtype == torch.uint8 else 1))
    if t == "posterize":
        return F.posterize(img, op["bits"])
    if t == "equalize":
        return F.equalize(img)
    if t == "autocontrast":
        return F.autocontrast(img)
    if t == "adjustGamma":
        return F.adjust_gamma(img, op["gamma"], op.get("gain", 1))
    if t == "adjustSharpness":
        return F.adjust_sharpness(img, op["factor"])
    if t == "gaussianBlur":
        return F.gaussian_blur(img, op["kernelSize"], op["sigma"])
    if t == "permuteChannels":
        return img[op["permutation"]]
    raise ValueError(t)


CASES = []
SEEDS = iter(range(12000, 100000))


def case(case_id, op, shape, levels=False, low=0.0, high=1.0):
    values = pixels(*shape, next(SEEDS), low, high)
    if levels:
        k = [min(255, max(0, round(v * 255))) for v in values]
        out = run(op, to_chw(k, shape).to(torch.uint8)).to(torch.float64) / 255
        values = [v / 255 for v in k]
    else:
        out = run(op, to_chw(values, shape))
    CASES.append({"id": case_id, "op": op, "input": {"shape": list(shape), "values": values}, "expected": to_hwc(out)})


def main():
    case("invert/float", {"type": "invert"}, (5, 7, 3))
    case("invert/uint8-levels", {"type": "invert"}, (4, 6, 1), levels=True)
    for threshold in [0.0, 0.5, 0.83]:
        case(f"solarize/{threshold}", {"type": "solarize", "threshold": threshold}, (5, 7, 3))
    case("solarize/uint8-levels-0.5", {"type": "solarize", "threshold": 0.5}, (5, 7, 3), levels=True)
    for bits in [0, 1, 3, 4, 8]:
        case(f"posterize/{bits}", {"type": "posterize", "bits": bits}, (5, 7, 3), levels=True)
    case("equalize/7x9-unchanged", {"type": "equalize"}, (7, 9, 3), levels=True)
    case("equalize/24x20", {"type": "equalize"}, (24, 20, 3), levels=True)
    case("equalize/24x20-narrow-range-1ch", {"type": "equalize"}, (24, 20, 1), levels=True, low=0.3, high=0.5)
    case("autocontrast/3ch", {"type": "autocontrast"}, (5, 7, 3), low=0.2, high=0.7)
    case("autocontrast/1ch", {"type": "autocontrast"}, (4, 6, 1), low=0.1, high=0.4)
    case("autocontrast/flat-channel", {"type": "autocontrast"}, (3, 4, 1), low=0.5, high=0.5)
    for gamma, gain in [(0.5, 1), (2.2, 1), (1.3, 0.8), (0, 1)]:
        case(f"adjustGamma/{gamma}-gain-{gain}", {"type": "adjustGamma", "gamma": gamma, "gain": gain}, (5, 7, 3))
    for factor in [0.0, 0.5, 1.0, 2.0]:
        case(f"adjustSharpness/{factor}", {"type": "adjustSharpness", "factor": factor}, (6, 7, 3))
    case("adjustSharpness/1ch-3.5", {"type": "adjustSharpness", "factor": 3.5}, (5, 4, 1))
    case("adjustSharpness/2-rows-unchanged", {"type": "adjustSharpness", "factor": 0.3}, (2, 5, 3))
    case("gaussianBlur/3x3", {"type": "gaussianBlur", "kernelSize": [3, 3], "sigma": [0.8, 0.8]}, (6, 7, 3))
    case("gaussianBlur/5x3-anisotropic", {"type": "gaussianBlur", "kernelSize": [5, 3], "sigma": [1.5, 0.6]}, (6, 7, 3))
    case("gaussianBlur/7x7-wide-sigma-1ch", {"type": "gaussianBlur", "kernelSize": [7, 7], "sigma": [2.0, 2.0]}, (5, 6, 1))
    case("gaussianBlur/1x5", {"type": "gaussianBlur", "kernelSize": [1, 5], "sigma": [1.0, 1.2]}, (5, 4, 3))
    case("permuteChannels/bgr", {"type": "permuteChannels", "permutation": [2, 1, 0]}, (4, 5, 3))
    case("permuteChannels/cycle", {"type": "permuteChannels", "permutation": [1, 2, 0]}, (4, 5, 3))
    write_vectors(OUT, "augment_tone.py", CASES)


if __name__ == "__main__":
    main()
