package io.pixtools.processors.convert;

import io.pixtools.processors.DamagedImageException;
import io.pixtools.processors.ImageTooLargeException;
import io.pixtools.processors.image.ImageFormat;
import io.pixtools.processors.image.OutputLimits;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Fit;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.Crop;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.Vips.Interpretation;
import io.pixtools.processors.vips.Vips.Loader;
import io.pixtools.processors.vips.Vips.Size;
import io.pixtools.processors.vips.VipsException;
import io.pixtools.processors.vips.VipsImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts one image file into JPEG, PNG, WebP or AVIF. The pipeline, in order: open with the format's loader and
 * check the pixel count from the header, auto-rotate by EXIF orientation while resizing (shrink-on-load), convert to
 * 8-bit sRGB (or 8-bit grey), encode with the format's options. Pixels stay in libvips' native memory throughout.
 */
public final class ConvertOperation {

    private final Vips vips;
    private final long maxPixels;
    private final OutputLimits outputLimits;
    private final EncoderMemory encoderMemory;

    public ConvertOperation(Vips vips, long maxPixels) {
        this(vips, maxPixels, Vips.MAX_COORD, EncoderMemory.unbounded());
    }

    public ConvertOperation(Vips vips, long maxPixels, int maxOutputDimension, EncoderMemory encoderMemory) {
        this.vips = vips;
        this.maxPixels = maxPixels;
        this.outputLimits = new OutputLimits(maxPixels, maxOutputDimension);
        this.encoderMemory = encoderMemory;
    }

    public ConvertResult convert(Path source, ConvertOptions options, Path target) {
        vips.clearErrors();
        try (VipsImage prepared = prepare(source, options.resize(), options.failOn())) {
            return encode(prepared, options, target);
        } finally {
            vips.clearErrors();
        }
    }

    /**
     * What {@link #prepare} gives without a resize, decoded into memory, for several conversions to encode from one
     * decode. {@code maxBytes} bounds the memory it holds: a larger image is left to be streamed by each conversion
     * (empty).
     */
    public Optional<VipsImage> decode(Path source, FailOn failOn, long maxBytes) {
        vips.clearErrors();
        try (VipsImage prepared = prepare(source, null, failOn)) {
            if ((long) prepared.width() * prepared.height() * prepared.bands() > maxBytes) {
                return Optional.empty();
            }
            return Optional.of(vips.inMemory(prepared));
        } catch (VipsException e) {
            throw DamagedImageException.ifDamage(e, failOn);
        } finally {
            vips.clearErrors();
        }
    }

    /** {@link #convert} from an image {@link #decode} gave, for options without a resize. */
    public ConvertResult convert(VipsImage decoded, ConvertOptions options, Path target) {
        if (options.resize() != null) {
            throw new IllegalArgumentException("a decoded image is converted without a resize");
        }
        vips.clearErrors();
        try {
            return encode(decoded, options, target);
        } finally {
            vips.clearErrors();
        }
    }

    /**
     * The first steps of every operation on pixels: open the source with its format's loader and check its pixel
     * count and the output's from the header, auto-rotate by EXIF orientation while resizing (shrink-on-load), convert
     * to 8-bit sRGB (or 8-bit grey). Pixels are decoded lazily, when the result is written: damage the decode meets
     * per {@code failOn} fails that write with a {@link DamagedImageException}.
     */
    public VipsImage prepare(Path source, ResizeOptions resize, FailOn failOn) {
        Loader loader = ImageFormat.detect(source).map(ImageFormat::loader).orElse(Loader.SNIFF);
        try (VipsImage loaded = vips.load(source, loader, failOn)) {
            checkPixels(loaded, resize);
            if (resize == null) {
                return toEightBitSrgb(upright(loaded));
            }
        } catch (VipsException e) {
            throw DamagedImageException.ifDamage(e, failOn);
        }
        Box box = box(source, resize);
        try {
            return toEightBitSrgb(vips.thumbnail(source, box.width, box.height, box.size, box.crop, failOn));
        } catch (VipsException e) {
            throw DamagedImageException.ifDamage(e, failOn);
        }
    }

    /**
     * The last step: encode to the format's file with its options, within the encoders' memory budget. A WebP saver
     * may keep metadata despite {@code strip} ({@link WebpStrip}), so its file is checked and stripped afterwards.
     */
    public ConvertResult encode(VipsImage image, ConvertOptions options, Path target) {
        long held = EncoderMemory.estimate(options.operation(), image.width(), image.height());
        try (EncoderMemory.Reservation ignored = encoderMemory.reserve(held)) {
            vips.write(image, target, saveOptions(options));
        } catch (VipsException e) {
            throw DamagedImageException.ifDamage(e, options.failOn());
        }
        if (options.strip() && options.operation() == Operation.WEBP) {
            WebpStrip.removeMetadata(target);
        }
        return new ConvertResult(
                target,
                image.width(),
                image.height(),
                size(target),
                options.operation().contentType());
    }

    /**
     * libvips saver options for the target format, in its option-string syntax. Public so that the benchmark command
     * can give bare libvips and the {@code vips} CLI exactly what a worker gives the encoder.
     */
    public static String saveOptions(ConvertOptions o) {
        String strip = "strip=" + o.strip();
        return switch (o.operation()) {
            case JPG ->
                String.format(
                        Locale.ROOT,
                        "Q=%d,interlace=%b,optimize_coding=true,background=255,%s",
                        o.quality(),
                        o.progressive(),
                        strip);
            // Adaptive row filters, as libpng's and Pillow's defaults: 35 % smaller than libvips' "none" on a 12 MP
            // photo, still faster than Pillow. A palette image gains nothing from them.
            case PNG ->
                String.format(
                        Locale.ROOT,
                        "compression=%d,palette=%b,Q=%d,filter=%s,%s",
                        o.compression(),
                        o.palette(),
                        o.quality(),
                        o.palette() ? "none" : "all",
                        strip);
            case WEBP ->
                String.format(
                        Locale.ROOT, "Q=%d,lossless=%b,effort=%d,%s", o.quality(), o.lossless(), o.effort(), strip);
            // libvips 8.14 keeps 4:2:0 chroma for lossless AVIF unless told otherwise, which is far from lossless.
            case AVIF ->
                String.format(
                        Locale.ROOT,
                        "Q=%d,lossless=%b,effort=%d,compression=av1,subsample_mode=%s,%s",
                        o.quality(),
                        o.lossless(),
                        o.effort(),
                        o.lossless() ? "off" : "auto",
                        strip);
            case METADATA, DENOISE -> throw new IllegalArgumentException(o.operation() + " is not a format");
        };
    }

    private void checkPixels(VipsImage header, ResizeOptions resize) {
        int width = header.width();
        int height = header.height();
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageTooLargeException("file", "the image has " + pixels + " pixels; the limit is " + maxPixels);
        }
        if (resize != null) {
            outputLimits.check(width, height, resize, "resize");
            outputLimits.check(height, width, resize, "resize");
        }
    }

    /**
     * What {@link Vips#thumbnail} does to an image it does not resize. An upright image of plain samples only needs
     * vips_thumbnail's conversion to sRGB or grey, without its other steps, which are no-ops here but cost a small
     * photo's conversion a tenth of its time.
     */
    private VipsImage upright(VipsImage loaded) {
        if (loaded.coded() || loaded.orientation() != 1) {
            return vips.thumbnail(loaded, Vips.MAX_COORD, Vips.MAX_COORD, Size.DOWN);
        }
        return vips.colourspace(loaded, loaded.bands() < 3 ? Interpretation.B_W : Interpretation.SRGB);
    }

    /** 8-bit sRGB or grey. Takes over {@code image}: returns it when it is already, else closes it. */
    private VipsImage toEightBitSrgb(VipsImage image) {
        Interpretation space = image.interpretation();
        Interpretation target = switch (space) {
            case SRGB, B_W -> space;
            case GREY16 -> Interpretation.B_W;
            default -> Interpretation.SRGB;
        };
        if (target == space) {
            return image;
        }
        try (image) {
            return vips.colourspace(image, target);
        }
    }

    /**
     * The thumbnail box for a resize. Without one, the box is unbounded and the image only gets rotated and colour
     * converted. {@code fill} without {@code enlarge} never grows either axis beyond the source.
     */
    private Box box(Path source, ResizeOptions resize) {
        if (resize == null) {
            return new Box(Vips.MAX_COORD, Vips.MAX_COORD, Size.DOWN, Crop.NONE);
        }
        int width = resize.width() == null ? Vips.MAX_COORD : resize.width();
        int height = resize.height() == null ? Vips.MAX_COORD : resize.height();
        Size size = resize.enlarge() ? Size.BOTH : Size.DOWN;
        if (resize.fit() == Fit.FILL) {
            if (!resize.enlarge()) {
                Dimensions oriented = orientedDimensions(source);
                width = Math.min(width, oriented.width);
                height = Math.min(height, oriented.height);
            }
            return new Box(width, height, Size.FORCE, Crop.NONE);
        }
        return new Box(width, height, size, resize.fit() == Fit.COVER ? Crop.CENTRE : Crop.NONE);
    }

    /** Source dimensions after EXIF auto-rotation, read without decoding pixels. */
    private Dimensions orientedDimensions(Path source) {
        try (VipsImage rotated = vips.thumbnail(source, Vips.MAX_COORD, Vips.MAX_COORD, Size.DOWN, Crop.NONE)) {
            return new Dimensions(rotated.width(), rotated.height());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Box(int width, int height, Size size, Crop crop) {}

    private record Dimensions(int width, int height) {}
}
