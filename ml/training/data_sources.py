"""Where the training and held-out photos come from.

Every photo is read from a file installed by a Debian 12 package, so nothing is downloaded and no dataset is
kept in the repository. Packages needed (``apt-get install -y``):

* ``python3-skimage`` -- scikit-image's sample photos (``skimage/data``)
* ``python3-scipy``   -- ``scipy.misc.face()`` (raccoon photo)
* ``opencv-doc``      -- OpenCV sample photos (``/usr/share/doc/opencv-doc/examples``)
* ``mate-backgrounds``-- MATE's nature photographs (``/usr/share/backgrounds/mate/nature``)

Only real colour photographs are used: greyscale, synthetic, cartoon, logo, painting, map and motion-blurred
images from those packages are left out, and only one image of each stereo/sequence pair is used (so the
held-out photos have no near-duplicate in training).

The held-out evaluation photos (``HELD_OUT``) were fixed before any training run and are never sampled for
training.
"""

import hashlib
import os
import warnings

import numpy as np

SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
OPENCV_EXAMPLES = "/usr/share/doc/opencv-doc/examples"
MATE_NATURE = "/usr/share/backgrounds/mate/nature"

# (id, debian package, path or special source). Training photos larger than MAX_SIDE are downscaled to it
# (the MATE wallpapers are 1.3-4.9 MP; downscaling also makes them cleaner reference images).
HELD_OUT = [
    ("opencv/baboon", "opencv-doc", OPENCV_EXAMPLES + "/data/baboon.jpg"),
    ("opencv/fruits", "opencv-doc", OPENCV_EXAMPLES + "/data/fruits.jpg"),
    ("opencv/building", "opencv-doc", OPENCV_EXAMPLES + "/data/building.jpg"),
    ("skimage/chelsea", "python3-skimage", SKIMAGE_DATA + "/chelsea.png"),
]

_OPENCV_TRAIN = [
    "data/aero1.jpg", "data/aero3.jpg", "data/aloeL.jpg", "data/apple.jpg", "data/board.jpg",
    "data/butterfly.jpg", "data/chicky_512.png", "data/ela_original.jpg", "data/graf1.png", "data/home.jpg",
    "data/left.jpg", "data/leuvenA.jpg", "data/messi5.jpg", "data/orange.jpg", "data/rubberwhale1.png",
    "data/squirrel_cls.jpg", "data/stuff.jpg",
    "alphamat/input_images/plant.jpg", "hfs/data/000.jpg", "hfs/data/001.jpg", "hfs/data/002.jpg",
    "dnn_superres/butterfly.png", "reg/home.png",
    "text/scenetext01.jpg", "text/scenetext02.jpg", "text/scenetext03.jpg", "text/scenetext04.jpg",
    "text/scenetext05.jpg", "text/scenetext06.jpg",
]
_SKIMAGE_TRAIN = ["astronaut.png", "coffee.png", "rocket.jpg", "motorcycle_left.png"]
_MATE_TRAIN = [
    "Aqua.jpg", "Blinds.jpg", "Dune.jpg", "FreshFlower.jpg", "Garden.jpg", "GreenMeadow.jpg", "LadyBird.jpg",
    "RainDrops.jpg", "Storm.jpg", "TwoWings.jpg", "Wood.jpg", "YellowFlower.jpg",
]

TRAIN = (
    [("skimage/" + os.path.splitext(f)[0], "python3-skimage", SKIMAGE_DATA + "/" + f) for f in _SKIMAGE_TRAIN]
    + [("scipy/face", "python3-scipy", "scipy.misc.face")]
    + [("opencv/" + os.path.splitext(f)[0].replace("/", "_"), "opencv-doc", OPENCV_EXAMPLES + "/" + f)
       for f in _OPENCV_TRAIN]
    + [("mate/" + os.path.splitext(f)[0], "mate-backgrounds", MATE_NATURE + "/" + f) for f in _MATE_TRAIN]
)

# Long-side limit for training photos: larger ones (the MATE wallpapers, aloeL and three of the scenetext
# photos) are downscaled to it once, anti-aliased.
MAX_SIDE = 1024

PACKAGES = ["python3-torch", "python3-numpy", "python3-scipy", "python3-skimage", "python3-onnx", "opencv-doc",
            "mate-backgrounds"]


class MissingPhoto(RuntimeError):
    pass


def _read_raw(path):
    """Returns (uint8 HxWx3 RGB array, sha256 of the source bytes)."""
    if path == "scipy.misc.face":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import scipy.misc
            img = scipy.misc.face()
        digest = hashlib.sha256(np.ascontiguousarray(img).tobytes()).hexdigest()
        return np.ascontiguousarray(img[..., :3], dtype=np.uint8), digest
    if not os.path.exists(path):
        raise MissingPhoto(path)
    from skimage import io
    with open(path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    img = io.imread(path)
    if img.ndim == 2:
        raise ValueError("%s is greyscale" % path)
    img = img[..., :3]
    if img.dtype != np.uint8:
        raise ValueError("%s is %s, expected uint8" % (path, img.dtype))
    return np.ascontiguousarray(img), digest


def _downscale_to(img_u8, max_side):
    h, w = img_u8.shape[:2]
    if max(h, w) <= max_side:
        return img_u8
    from skimage.transform import rescale
    s = max_side / float(max(h, w))
    out = rescale(img_u8.astype(np.float64) / 255.0, s, order=3, anti_aliasing=True, channel_axis=-1,
                  mode="reflect")
    return np.clip(np.round(out * 255.0), 0, 255).astype(np.uint8)


def load(entries, max_side=MAX_SIDE, allow_missing=False, log=print):
    """Loads photos as uint8 RGB arrays. Returns (list of (id, array), manifest list)."""
    images, manifest, missing = [], [], []
    for ident, pkg, path in entries:
        try:
            img, digest = _read_raw(path)
        except MissingPhoto:
            missing.append((ident, pkg, path))
            continue
        orig_shape = list(img.shape[:2])
        img = _downscale_to(img, max_side)
        images.append((ident, img))
        manifest.append({"id": ident, "package": pkg, "path": path, "sha256": digest,
                         "original_hw": orig_shape, "used_hw": list(img.shape[:2])})
    if missing:
        pkgs = sorted({m[1] for m in missing})
        msg = "%d photo(s) not found (install: apt-get install -y %s): %s" % (
            len(missing), " ".join(pkgs), ", ".join(m[2] for m in missing))
        if not allow_missing:
            raise SystemExit(msg)
        log("WARNING: " + msg)
    return images, manifest


def load_held_out(allow_missing=False, log=print):
    # Held-out photos are used at their native size (all are below MAX_SIDE).
    return load(HELD_OUT, max_side=10 ** 9, allow_missing=allow_missing, log=log)


def load_train(allow_missing=False, log=print):
    held = {p for _, _, p in HELD_OUT}
    assert not any(p in held for _, _, p in TRAIN), "held-out photo listed for training"
    return load(TRAIN, allow_missing=allow_missing, log=log)
