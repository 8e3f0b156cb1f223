"""Camera-like noise for 8-bit sRGB photos: what a phone or camera JPEG's noise looks like, not white Gaussian noise.

In the manner of Brooks et al., "Unprocessing Images for Learned Raw Denoising" (CVPR 2019) and CBDNet (Guo et al.
2019), for an sRGB image in [0, 1]:

  1. unprocess: sRGB -> linear light (inverse sRGB curve), then into a camera's colour space (the inverse of a
     camera colour matrix, CCM) and divided by white-balance gains, as the sensor saw it;
  2. noise on a Bayer mosaic (RGGB): Poisson-Gaussian, variance = shot * signal + read^2, with shot and read
     noise drawn the way Brooks et al. fitted them to real sensors (log-uniform shot noise, read noise tied to it);
  3. demosaic the noise field bilinearly, which correlates it across neighbouring pixels and channels as a camera's
     demosaicing does (the image itself is not mosaicked again: the photos were demosaiced once already);
  4. process back: white balance, CCM (which mixes and amplifies the channels' noise), sRGB curve, 8 bit;
  5. JPEG at a quality of 60-95 with 4:2:0 chroma, as most uploads are.

The clean target is the original photo. Everything is drawn from the numpy Generator given, so a seed fixes it.
"""

import io

import numpy as np
from PIL import Image

# XYZ -> camera matrices of four cameras, as published with Brooks et al.'s unprocessing code; a random convex mix
# of them, times sRGB -> XYZ, with rows normalised to sum to 1, is one "camera" (their random_ccm).
_XYZ2CAMS = np.array([
    [[1.0234, -0.2969, -0.2266], [-0.5625, 1.6328, -0.0469], [-0.0703, 0.2188, 0.6406]],
    [[0.4913, -0.0541, -0.0202], [-0.613, 1.3513, 0.2906], [-0.1564, 0.2151, 0.7183]],
    [[0.838, -0.263, -0.0639], [-0.2887, 1.0725, 0.2496], [-0.0627, 0.1427, 0.5438]],
    [[0.6596, -0.2079, -0.0562], [-0.4782, 1.3016, 0.1933], [-0.097, 0.1581, 0.5181]],
])
_RGB2XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                     [0.2126729, 0.7151522, 0.0721750],
                     [0.0193339, 0.1191920, 0.9503041]])


def srgb_to_linear(x):
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(x):
    x = np.clip(x, 0.0, 1.0)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * np.power(x, 1 / 2.4) - 0.055)


def random_camera(rng):
    """A colour matrix (camera -> linear sRGB) and white-balance gains (red, blue), as drawn by Brooks et al."""
    weights = rng.uniform(1e-8, 1.0, size=len(_XYZ2CAMS))
    return camera_of(weights, rng.uniform(1.9, 2.4), rng.uniform(1.5, 1.9))


def camera_of(weights, red_gain, blue_gain):
    xyz2cam = np.tensordot(np.asarray(weights) / np.sum(weights), _XYZ2CAMS, axes=1)
    rgb2cam = xyz2cam @ _RGB2XYZ
    rgb2cam /= rgb2cam.sum(axis=1, keepdims=True)
    return np.linalg.inv(rgb2cam), red_gain, blue_gain


def random_noise_levels(rng, shot_max=0.012):
    """Shot and read noise (linear light) as Brooks et al. fitted them to real sensors."""
    log_shot = rng.uniform(np.log(0.0001), np.log(shot_max))
    log_read = 2.18 * log_shot + 1.20 + rng.normal(0.0, 0.26)
    return float(np.exp(log_shot)), float(np.exp(log_read))


def _bilinear_demosaic(mosaic):
    """An RGGB mosaic (H x W) -> H x W x 3 by bilinear interpolation of each colour's samples."""
    h, w = mosaic.shape
    masks = np.zeros((h, w, 3))
    masks[0::2, 0::2, 0] = 1
    masks[0::2, 1::2, 1] = 1
    masks[1::2, 0::2, 1] = 1
    masks[1::2, 1::2, 2] = 1
    kernel = np.array([[0.25, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 0.25]])
    out = np.empty((h, w, 3))
    for c in range(3):
        samples = np.pad(mosaic * masks[..., c], 1, mode="reflect")
        weight = np.pad(masks[..., c], 1, mode="reflect")
        num = sum(kernel[i, j] * samples[i:i + h, j:j + w] for i in range(3) for j in range(3))
        den = sum(kernel[i, j] * weight[i:i + h, j:j + w] for i in range(3) for j in range(3))
        out[..., c] = num / den
    return out


def camera_noisy(clean, rng, shot=None, read=None, quality=None, camera=None):
    """clean: H x W x 3 float in [0, 1] (sRGB). Returns the noisy photo as uint8 H x W x 3, after the JPEG."""
    if shot is None:
        shot, read = random_noise_levels(rng)
    cam2rgb, red_gain, blue_gain = camera if camera is not None else random_camera(rng)
    if quality is None:
        quality = int(rng.integers(60, 96))
    h, w, _ = clean.shape
    linear = srgb_to_linear(clean.astype(np.float64))
    gains = np.array([red_gain, 1.0, blue_gain])
    sensor = np.clip((linear @ np.linalg.inv(cam2rgb).T) / gains, 0.0, 1.0)
    mosaic = np.empty((h, w))
    mosaic[0::2, 0::2] = sensor[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = sensor[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = sensor[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = sensor[1::2, 1::2, 2]
    noise = rng.standard_normal((h, w)) * np.sqrt(np.maximum(shot * mosaic + read * read, 0.0))
    noisy_sensor = sensor + _bilinear_demosaic(noise)
    noisy_linear = (noisy_sensor * gains) @ cam2rgb.T
    srgb = np.clip(np.round(linear_to_srgb(noisy_linear) * 255.0), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(srgb).save(buffer, format="JPEG", quality=quality, subsampling=2)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


# Fixed held-out cases for the evaluation: (label, shot noise, read noise, JPEG quality), with one fixed camera (an
# equal mix of the four matrices, red gain 2.15, blue gain 1.7).
EVAL_CAMERA = camera_of([1, 1, 1, 1], 2.15, 1.7)
EVAL_CASES = (
    ("camera low (ISO ~400, q 90)", 0.0015, 0.0025, 90),
    ("camera mid (ISO ~1600, q 80)", 0.005, 0.0085, 80),
    ("camera high (ISO ~6400, q 70)", 0.012, 0.022, 70),
)
