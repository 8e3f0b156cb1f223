package io.pixtools.ml;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Camera-like noise for the evaluation, the Java twin of ml/training/camera_noise.py (same pipeline and constants,
 * Java's random numbers): sRGB to linear light and into a camera's colour space, Poisson-Gaussian noise on an RGGB
 * mosaic, the noise demosaiced bilinearly, back through the colour matrix and the sRGB curve to 8 bit, then JPEG.
 */
final class CameraNoise {

    /** One held-out case: shot and read noise in linear light, and the JPEG quality. */
    record Case(String label, double shot, double read, int quality) {}

    static final Case[] CASES = {
        new Case("camera low (ISO ~400, q 90)", 0.0015, 0.0025, 90),
        new Case("camera mid (ISO ~1600, q 80)", 0.005, 0.0085, 80),
        new Case("camera high (ISO ~6400, q 70)", 0.012, 0.022, 70),
    };

    /** XYZ -> camera matrices of four cameras, as published with Brooks et al.'s unprocessing code. */
    private static final double[][][] XYZ_TO_CAMERA = {
        {{1.0234, -0.2969, -0.2266}, {-0.5625, 1.6328, -0.0469}, {-0.0703, 0.2188, 0.6406}},
        {{0.4913, -0.0541, -0.0202}, {-0.613, 1.3513, 0.2906}, {-0.1564, 0.2151, 0.7183}},
        {{0.838, -0.263, -0.0639}, {-0.2887, 1.0725, 0.2496}, {-0.0627, 0.1427, 0.5438}},
        {{0.6596, -0.2079, -0.0562}, {-0.4782, 1.3016, 0.1933}, {-0.097, 0.1581, 0.5181}},
    };

    private static final double[][] RGB_TO_XYZ = {
        {0.4124564, 0.3575761, 0.1804375}, {0.2126729, 0.7151522, 0.0721750}, {0.0193339, 0.1191920, 0.9503041}
    };
    /** The evaluation's camera: an equal mix of the four, red gain 2.15, blue gain 1.7. */
    private static final double[] GAINS = {2.15, 1.0, 1.7};

    private static final double[][] RGB_TO_CAMERA = rgbToCamera();
    private static final double[][] CAMERA_TO_RGB = invert(RGB_TO_CAMERA);

    private CameraNoise() {}

    static BufferedImage noisy(BufferedImage clean, Case noise, long seed) {
        int width = clean.getWidth();
        int height = clean.getHeight();
        Random random = new Random(seed);
        double[][][] sensor = new double[3][height][width];
        double[][] mosaicNoise = new double[height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = clean.getRGB(x, y);
                double[] linear = new double[3];
                for (int c = 0; c < 3; c++) {
                    linear[c] = toLinear(((rgb >> (16 - 8 * c)) & 0xFF) / 255.0);
                }
                for (int c = 0; c < 3; c++) {
                    double value = 0;
                    for (int k = 0; k < 3; k++) {
                        value += RGB_TO_CAMERA[c][k] * linear[k];
                    }
                    sensor[c][y][x] = Math.clamp(value / GAINS[c], 0.0, 1.0);
                }
                double signal = sensor[bayer(x, y)][y][x];
                mosaicNoise[y][x] = random.nextGaussian()
                        * Math.sqrt(Math.max(noise.shot() * signal + noise.read() * noise.read(), 0));
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] camera = new double[3];
                for (int c = 0; c < 3; c++) {
                    camera[c] = (sensor[c][y][x] + demosaiced(mosaicNoise, c, x, y)) * GAINS[c];
                }
                int value = 0;
                for (int c = 0; c < 3; c++) {
                    double linear = 0;
                    for (int k = 0; k < 3; k++) {
                        linear += CAMERA_TO_RGB[c][k] * camera[k];
                    }
                    value = (value << 8) | (int) Math.clamp(Math.round(toSrgb(linear) * 255), 0, 255);
                }
                out.setRGB(x, y, value);
            }
        }
        return jpeg(out, noise.quality());
    }

    /** Colour of the RGGB mosaic at a pixel: 0 red, 1 green, 2 blue. */
    private static int bayer(int x, int y) {
        return (y % 2 == 0) ? (x % 2 == 0 ? 0 : 1) : (x % 2 == 0 ? 1 : 2);
    }

    /** Bilinear demosaicing of channel {@code c} of the mosaic at (x, y): the weighted mean of its own samples nearby. */
    private static double demosaiced(double[][] mosaic, int c, int x, int y) {
        double sum = 0;
        double weight = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int sx = reflect(x + dx, mosaic[0].length);
                int sy = reflect(y + dy, mosaic.length);
                if (bayer(sx, sy) == c) {
                    double w = (dx == 0 ? 1 : 0.5) * (dy == 0 ? 1 : 0.5);
                    sum += w * mosaic[sy][sx];
                    weight += w;
                }
            }
        }
        return sum / weight;
    }

    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
    }

    private static double toLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double toSrgb(double v) {
        v = Math.clamp(v, 0.0, 1.0);
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    private static BufferedImage jpeg(BufferedImage image, int quality) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
            writer.dispose();
            stream.flush();
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[][] rgbToCamera() {
        double[][] xyzToCamera = new double[3][3];
        for (double[][] camera : XYZ_TO_CAMERA) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    xyzToCamera[i][j] += camera[i][j] / XYZ_TO_CAMERA.length;
                }
            }
        }
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            double row = 0;
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[i][j] += xyzToCamera[i][k] * RGB_TO_XYZ[k][j];
                }
                row += out[i][j];
            }
            for (int j = 0; j < 3; j++) {
                out[i][j] /= row;
            }
        }
        return out;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inverse = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inverse[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return inverse;
    }
}
