package io.pixtools.testing;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Noise, classical denoising baselines and quality measures (PSNR, SSIM) on 8-bit RGB images. */
public final class ImageQuality {

    private ImageQuality() {}

    /** Additive Gaussian noise of {@code sigma} (on the 0-255 scale), clipped, from a fixed seed. */
    public static BufferedImage noisy(BufferedImage clean, double sigma, long seed) {
        Random random = new Random(seed);
        BufferedImage out = new BufferedImage(clean.getWidth(), clean.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < clean.getHeight(); y++) {
            for (int x = 0; x < clean.getWidth(); x++) {
                int rgb = clean.getRGB(x, y);
                int value = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int channel = (int) Math.round(((rgb >> shift) & 0xFF) + random.nextGaussian() * sigma);
                    value = (value << 8) | Math.max(0, Math.min(255, channel));
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
    }

    /** 3x3 median per channel, edges replicated. */
    public static BufferedImage median3(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] window = new int[9];
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int value = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            window[n++] = (pixel(in, x + dx, y + dy) >> shift) & 0xFF;
                        }
                    }
                    java.util.Arrays.sort(window);
                    value = (value << 8) | window[4];
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
    }

    /** Separable Gaussian blur per channel, edges replicated. */
    public static BufferedImage gaussian(BufferedImage in, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int w = in.getWidth();
        int h = in.getHeight();
        double[][] tmp = new double[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        acc += kernel[k + radius] * ((pixel(in, x + k, y) >> (16 - 8 * c)) & 0xFF);
                    }
                    tmp[c][y * w + x] = acc;
                }
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int value = 0;
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.max(0, Math.min(h - 1, y + k));
                        acc += kernel[k + radius] * tmp[c][yy * w + x];
                    }
                    value = (value << 8) | (int) Math.max(0, Math.min(255, Math.round(acc)));
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
    }

    /** Mean SSIM over the three channels (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03). */
    public static double ssim(BufferedImage a, BufferedImage b) {
        double total = 0;
        for (int c = 0; c < 3; c++) {
            total += ssimChannel(channel(a, c), channel(b, c), a.getWidth(), a.getHeight());
        }
        return total / 3;
    }

    private static double ssimChannel(double[] x, double[] y, int w, int h) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double[] mx = blur(x, w, h);
        double[] my = blur(y, w, h);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sxx = blur(xx, w, h);
        double[] syy = blur(yy, w, h);
        double[] sxy = blur(xy, w, h);
        double sum = 0;
        int count = 0;
        for (int j = 5; j < h - 5; j++) {
            for (int i = 5; i < w - 5; i++) {
                int k = j * w + i;
                double vx = sxx[k] - mx[k] * mx[k];
                double vy = syy[k] - my[k] * my[k];
                double cov = sxy[k] - mx[k] * my[k];
                sum += ((2 * mx[k] * my[k] + c1) * (2 * cov + c2))
                        / ((mx[k] * mx[k] + my[k] * my[k] + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / count;
    }

    private static double[] blur(double[] v, int w, int h) {
        double[] kernel = new double[11];
        double s = 0;
        for (int i = -5; i <= 5; i++) {
            kernel[i + 5] = Math.exp(-(i * i) / (2 * 1.5 * 1.5));
            s += kernel[i + 5];
        }
        for (int i = 0; i < 11; i++) {
            kernel[i] /= s;
        }
        double[] tmp = new double[v.length];
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -5; k <= 5; k++) {
                    acc += kernel[k + 5] * v[y * w + Math.max(0, Math.min(w - 1, x + k))];
                }
                tmp[y * w + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -5; k <= 5; k++) {
                    acc += kernel[k + 5] * tmp[Math.max(0, Math.min(h - 1, y + k)) * w + x];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    private static double[] channel(BufferedImage image, int c) {
        double[] values = new double[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                values[y * image.getWidth() + x] = (image.getRGB(x, y) >> (16 - 8 * c)) & 0xFF;
            }
        }
        return values;
    }

    private static int pixel(BufferedImage image, int x, int y) {
        return image.getRGB(
                Math.max(0, Math.min(image.getWidth() - 1, x)), Math.max(0, Math.min(image.getHeight() - 1, y)));
    }
}
