package io.pixtools.processors.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * libvips through Java's foreign-function API. One instance per process: {@link #initialise} starts libvips
 * once, later calls return the same instance. Pixels stay in native memory; Java only holds image handles.
 */
public final class Vips {

    /** libvips' largest coordinate: a thumbnail bound that never limits. */
    public static final int MAX_COORD = 10_000_000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final int SEQUENTIAL = 1; // VIPS_ACCESS_SEQUENTIAL
    private static final int CODING_NONE = 0; // VIPS_CODING_NONE
    private static volatile Vips instance;

    private final MethodHandle errorBufferCopy;
    private final MethodHandle errorClear;
    private final MethodHandle gFree;
    private final MethodHandle gObjectUnref;
    private final MethodHandle newFromFile;
    private final MethodHandle newFromFileSequential;
    private final Map<Loader, MethodHandle> loaders = new EnumMap<>(Loader.class);
    private final MethodHandle thumbnail;
    private final MethodHandle thumbnailImage;
    private final MethodHandle colourspace;
    private final MethodHandle writeToFile;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle bands;
    private final MethodHandle interpretation;
    private final MethodHandle coding;
    private final MethodHandle orientation;
    private final MethodHandle hasAlpha;
    private final MethodHandle writeToMemory;
    private final MethodHandle newFromMemoryCopy;
    private final MethodHandle copyMemory;
    private final MethodHandle copyAs;
    private final MethodHandle castUchar;
    private final String version;

    private Vips(VipsSettings settings) {
        SymbolLookup vips = lookup("libvips.so.42");
        SymbolLookup gobject = lookup("libgobject-2.0.so.0");
        SymbolLookup glib = lookup("libglib-2.0.so.0");

        MethodHandle init = handle(vips, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            if ((int) init.invokeExact(arena.allocateFrom("pixtools")) != 0) {
                throw new VipsException("vips_init failed");
            }
            handle(vips, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT))
                    .invokeExact(settings.cacheMaxOperations());
            handle(vips, "vips_cache_set_max_mem", FunctionDescriptor.ofVoid(JAVA_LONG))
                    .invokeExact(settings.cacheMaxBytes());
            handle(vips, "vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT))
                    .invokeExact(settings.concurrency());
            handle(vips, "vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT))
                    .invokeExact(settings.blockUntrusted() ? 1 : 0);
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("libvips could not be initialised: " + t.getMessage(), t);
        }

        errorBufferCopy = handle(vips, "vips_error_buffer_copy", FunctionDescriptor.of(ADDRESS));
        errorClear = handle(vips, "vips_error_clear", FunctionDescriptor.ofVoid());
        gFree = handle(glib, "g_free", FunctionDescriptor.ofVoid(ADDRESS));
        gObjectUnref = handle(gobject, "g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        newFromFile = variadic(vips, "vips_image_new_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), 1);
        // vips_image_new_from_file(filename, "access", access, "fail_on", level, NULL)
        newFromFileSequential = variadic(
                vips,
                "vips_image_new_from_file",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                1);
        // vips_jpegload(filename, &out, "access", access, "fail_on", level, NULL), and the same for every loader
        for (Loader loader : Loader.values()) {
            if (loader == Loader.SNIFF) {
                continue;
            }
            loaders.put(
                    loader,
                    variadic(
                            vips,
                            loader.function,
                            FunctionDescriptor.of(
                                    JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                            2));
        }
        // vips_thumbnail(filename, &out, width, "height", h, "size", size, "crop", crop, "fail_on", level, NULL)
        thumbnail = variadic(
                vips,
                "vips_thumbnail",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, ADDRESS),
                3);
        // vips_thumbnail_image(in, &out, width, "height", h, "size", size, NULL)
        thumbnailImage = variadic(
                vips,
                "vips_thumbnail_image",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                3);
        colourspace = variadic(
                vips, "vips_colourspace", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        writeToFile = variadic(
                vips, "vips_image_write_to_file", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        width = handle(vips, "vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        height = handle(vips, "vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        bands = handle(vips, "vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        interpretation = handle(vips, "vips_image_get_interpretation", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        coding = handle(vips, "vips_image_get_coding", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        orientation = handle(vips, "vips_image_get_orientation", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        hasAlpha = handle(vips, "vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        writeToMemory = handle(vips, "vips_image_write_to_memory", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        copyMemory = handle(vips, "vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // vips_image_new_from_memory_copy(data, size, width, height, bands, format): 8-bit only here (format 0, uchar)
        newFromMemoryCopy = handle(
                vips,
                "vips_image_new_from_memory_copy",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // vips_copy(in, &out, "interpretation", value, NULL)
        copyAs = variadic(
                vips, "vips_copy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 2);
        castUchar = variadic(vips, "vips_cast_uchar", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        try {
            MemorySegment v = (MemorySegment) handle(vips, "vips_version_string", FunctionDescriptor.of(ADDRESS))
                    .invokeExact();
            version = cString(v);
        } catch (Throwable t) {
            throw new VipsException("libvips version unavailable", t);
        }
    }

    /** Starts libvips once per process; settings of later calls are ignored. */
    public static Vips initialise(VipsSettings settings) {
        Vips current = instance;
        if (current == null) {
            synchronized (Vips.class) {
                current = instance;
                if (current == null) {
                    current = new Vips(settings);
                    instance = current;
                }
            }
        }
        return current;
    }

    public String version() {
        return version;
    }

    /** Opens an image lazily: libvips reads the header now and decodes pixels only when they are needed. */
    public VipsImage open(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image =
                    (MemorySegment) newFromFile.invokeExact(arena.allocateFrom(file.toString()), MemorySegment.NULL);
            return wrap(image, "cannot open image");
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot open image", t);
        }
    }

    /**
     * Opens an image for one pass from top to bottom, lazily, with the loader of its format. A file whose format is
     * known (PixTools recognises it by its magic bytes) goes straight to that loader: libvips' own sniffing asks every
     * loader in turn, opening the file each time, which costs more than encoding a small photo's JPEG. {@code failOn}
     * decides which damage fails the decode, as for {@link #thumbnail(Path, int, int, Size, Crop, FailOn)}.
     */
    public VipsImage load(Path file, Loader loader, FailOn failOn) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(file.toString());
            MemorySegment access = arena.allocateFrom("access");
            MemorySegment failOnName = arena.allocateFrom("fail_on");
            if (loader == Loader.SNIFF) {
                MemorySegment image = (MemorySegment) newFromFileSequential.invokeExact(
                        name, access, SEQUENTIAL, failOnName, failOn.code, MemorySegment.NULL);
                return wrap(image, "cannot open image");
            }
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) loaders.get(loader)
                    .invokeExact(name, out, access, SEQUENTIAL, failOnName, failOn.code, MemorySegment.NULL);
            return result(rc, out, "cannot open image");
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot open image", t);
        }
    }

    /** {@link #thumbnail(Path, int, int, Size, Crop, FailOn)} that decodes whatever it can of a damaged file. */
    public VipsImage thumbnail(Path file, int targetWidth, int targetHeight, Size size, Crop crop) {
        return thumbnail(file, targetWidth, targetHeight, size, crop, FailOn.NONE);
    }

    /**
     * Loads, auto-rotates by EXIF orientation, converts to sRGB or grey and resizes in one pass, with shrink-on-load
     * where the format allows it (libvips 8.14 converts embedded colour profiles only when asked for a profile).
     * {@code failOn} decides which damage in the file fails the decode instead of being filled in (grey blocks for a
     * corrupt or truncated JPEG).
     */
    public VipsImage thumbnail(Path file, int targetWidth, int targetHeight, Size size, Crop crop, FailOn failOn) {
        return operation("cannot decode or resize image", (arena, out) -> (int) thumbnail.invokeExact(
                arena.allocateFrom(file.toString()),
                out,
                targetWidth,
                arena.allocateFrom("height"),
                targetHeight,
                arena.allocateFrom("size"),
                size.code,
                arena.allocateFrom("crop"),
                crop.code,
                arena.allocateFrom("fail_on"),
                failOn.code,
                MemorySegment.NULL));
    }

    /**
     * {@link #thumbnail(Path, int, int, Size, Crop, FailOn)} of an image already open: the same auto-rotation and
     * colour conversion, without shrink-on-load.
     */
    public VipsImage thumbnail(VipsImage image, int targetWidth, int targetHeight, Size size) {
        return operation("cannot decode or resize image", (arena, out) -> (int) thumbnailImage.invokeExact(
                image.handle(),
                out,
                targetWidth,
                arena.allocateFrom("height"),
                targetHeight,
                arena.allocateFrom("size"),
                size.code,
                MemorySegment.NULL));
    }

    public VipsImage colourspace(VipsImage image, Interpretation space) {
        return operation("cannot convert colour space", (arena, out) ->
                (int) colourspace.invokeExact(image.handle(), out, space.code, MemorySegment.NULL));
    }

    /**
     * Encodes to a file. The saver and its options come from the name, as in libvips' own command line:
     * {@code /tmp/out.webp[Q=80,effort=4,strip]}.
     */
    public void write(VipsImage image, Path target, String saveOptions) {
        String name = target.toString() + (saveOptions.isEmpty() ? "" : "[" + saveOptions + "]");
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) writeToFile.invokeExact(image.handle(), arena.allocateFrom(name), MemorySegment.NULL);
            if (rc != 0) {
                throw new VipsException("cannot encode image: " + lastError());
            }
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot encode image", t);
        }
    }

    /**
     * Decodes an image into native memory as 8-bit pixels, interleaved ({@code height x width x bands} bytes), casting
     * any other sample format to 0-255. Free the result with {@link #free}; it never enters the Java heap.
     */
    public MemorySegment toMemory(VipsImage image) {
        try (Arena arena = Arena.ofConfined();
                VipsImage eightBit = castToUchar(image)) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment data = (MemorySegment) writeToMemory.invokeExact(eightBit.handle(), size);
            if (data.equals(MemorySegment.NULL)) {
                throw new VipsException("cannot decode image: " + lastError());
            }
            return data.reinterpret(size.get(JAVA_LONG, 0));
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot decode image", t);
        }
    }

    /** An 8-bit image from interleaved pixels in native memory (copied, so the memory may be freed afterwards). */
    public VipsImage fromMemory(MemorySegment pixels, int width, int height, int bands, Interpretation interpretation) {
        try {
            MemorySegment image =
                    (MemorySegment) newFromMemoryCopy.invokeExact(pixels, pixels.byteSize(), width, height, bands, 0);
            try (VipsImage plain = wrap(image, "cannot make image from memory")) {
                return as(plain, interpretation);
            }
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot make image from memory", t);
        }
    }

    /**
     * The image computed into native memory, metadata kept: one decode that several encodes can read, where each would
     * otherwise decode the file again. Holds {@code width x height x bands} samples until closed.
     */
    public VipsImage inMemory(VipsImage image) {
        try {
            return wrap((MemorySegment) copyMemory.invokeExact(image.handle()), "cannot decode image");
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot decode image", t);
        }
    }

    public void free(MemorySegment memory) {
        try {
            gFree.invokeExact(memory);
        } catch (Throwable t) {
            throw new VipsException("cannot free native memory", t);
        }
    }

    private VipsImage castToUchar(VipsImage image) {
        return operation("cannot convert to 8-bit", (arena, out) ->
                (int) castUchar.invokeExact(image.handle(), out, MemorySegment.NULL));
    }

    /** The same pixels, labelled with another interpretation (no conversion). */
    public VipsImage as(VipsImage image, Interpretation interpretation) {
        return operation("cannot relabel image", (arena, out) -> (int) copyAs.invokeExact(
                image.handle(), out, arena.allocateFrom("interpretation"), interpretation.code, MemorySegment.NULL));
    }

    int width(MemorySegment image) {
        return intGetter(width, image);
    }

    int height(MemorySegment image) {
        return intGetter(height, image);
    }

    int bands(MemorySegment image) {
        return intGetter(bands, image);
    }

    int interpretation(MemorySegment image) {
        return intGetter(interpretation, image);
    }

    boolean coded(MemorySegment image) {
        return intGetter(coding, image) != CODING_NONE;
    }

    int orientation(MemorySegment image) {
        return intGetter(orientation, image);
    }

    boolean hasAlpha(MemorySegment image) {
        return intGetter(hasAlpha, image) != 0;
    }

    void unref(MemorySegment image) {
        try {
            gObjectUnref.invokeExact(image);
        } catch (Throwable t) {
            throw new VipsException("cannot release image", t);
        }
    }

    /** A libvips operation that writes its output image through {@code out} and returns 0 on success. */
    @FunctionalInterface
    private interface ImageOperation {
        int call(Arena arena, MemorySegment out) throws Throwable;
    }

    /**
     * Runs an operation with a confined arena for its arguments and a slot for its output image; any failure becomes
     * a {@link VipsException} that starts with {@code what}.
     */
    private VipsImage operation(String what, ImageOperation operation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            return result(operation.call(arena, out), out, what);
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException(what, t);
        }
    }

    private VipsImage result(int rc, MemorySegment out, String what) {
        if (rc != 0) {
            throw new VipsException(what + ": " + lastError());
        }
        return wrap(out.get(ADDRESS, 0), what);
    }

    private VipsImage wrap(MemorySegment image, String what) {
        if (image.equals(MemorySegment.NULL)) {
            throw new VipsException(what + ": " + lastError());
        }
        return new VipsImage(this, image);
    }

    /**
     * Empties libvips' error buffer. The buffer is shared by every thread and keeps text from calls that went on
     * to succeed (a lenient decode logs what it filled in): an operation clears it when it starts and when it ends,
     * so that its failure reports its own messages and not an earlier job's.
     */
    public void clearErrors() {
        try {
            errorClear.invokeExact();
        } catch (Throwable t) {
            throw new VipsException("cannot clear the libvips error buffer", t);
        }
    }

    /** Takes and clears libvips' error buffer. */
    private String lastError() {
        try {
            MemorySegment copy = (MemorySegment) errorBufferCopy.invokeExact();
            String message = cString(copy).strip();
            gFree.invokeExact(copy);
            return message.isEmpty() ? "unknown libvips error" : message;
        } catch (Throwable t) {
            return "unknown libvips error";
        }
    }

    private static int intGetter(MethodHandle getter, MemorySegment image) {
        try {
            return (int) getter.invokeExact(image);
        } catch (Throwable t) {
            throw new VipsException("cannot read image property", t);
        }
    }

    private static String cString(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return "";
        }
        return pointer.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    private static SymbolLookup lookup(String library) {
        try {
            return SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new VipsException(library + " was not found. Install libvips: sudo apt-get install -y libvips42", e);
        }
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lookup.findOrThrow(name), descriptor);
    }

    private static MethodHandle variadic(
            SymbolLookup lookup, String name, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(
                lookup.findOrThrow(name), descriptor, Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** The loaders of the formats PixTools accepts, called by name; {@code SNIFF} lets libvips find the loader. */
    public enum Loader {
        JPEG("vips_jpegload"),
        PNG("vips_pngload"),
        WEBP("vips_webpload"),
        GIF("vips_gifload"),
        TIFF("vips_tiffload"),
        HEIF("vips_heifload"),
        SNIFF(null);

        final String function;

        Loader(String function) {
            this.function = function;
        }
    }

    /** VipsSize: whether a thumbnail may grow, shrink, or both, or ignore the aspect ratio. */
    public enum Size {
        BOTH(0),
        UP(1),
        DOWN(2),
        FORCE(3);

        final int code;

        Size(int code) {
            this.code = code;
        }
    }

    /** VipsFailOn: the least serious damage in a file that makes its decode fail. */
    public enum FailOn {
        NONE(0),
        TRUNCATED(1),
        ERROR(2),
        WARNING(3);

        final int code;

        FailOn(int code) {
            this.code = code;
        }
    }

    /** VipsInteresting: how a thumbnail crops to fill its box. */
    public enum Crop {
        NONE(0),
        CENTRE(1),
        ENTROPY(2),
        ATTENTION(3);

        final int code;

        Crop(int code) {
            this.code = code;
        }
    }

    /** The VipsInterpretation values PixTools reads or converts to. */
    public enum Interpretation {
        MULTIBAND(0),
        B_W(1),
        HISTOGRAM(10),
        XYZ(12),
        LAB(13),
        CMYK(15),
        LABQ(16),
        RGB(17),
        CMC(18),
        LCH(19),
        LABS(21),
        SRGB(22),
        YXY(23),
        FOURIER(24),
        RGB16(25),
        GREY16(26),
        MATRIX(27),
        SCRGB(28),
        HSV(29),
        UNKNOWN(-1);

        final int code;

        Interpretation(int code) {
            this.code = code;
        }

        static Interpretation of(int code) {
            for (Interpretation i : values()) {
                if (i.code == code) {
                    return i;
                }
            }
            return UNKNOWN;
        }
    }
}
