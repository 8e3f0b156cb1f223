package io.pixtools.processors;

import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.VipsException;
import java.util.regex.Pattern;

/**
 * The source image is damaged (corrupt or truncated) beyond what the operation's {@code fail_on} accepts: 422. The
 * message carries libvips' own words, and says how to convert what can be decoded anyway.
 */
public class DamagedImageException extends PixToolsException {

    /** What libvips' loaders say when the data they decode is damaged (their names, libjpeg's words). */
    private static final Pattern DECODE_FAILURE = Pattern.compile(
            "(?i)(load|VipsJpeg|VipsPng|libspng|tiff2vips|gifload|heif|webp.*decode|premature|corrupt|truncat|read error|bad huffman|invalid)");

    private static final Pattern PATHS = Pattern.compile("/[^\\s:\"']+");

    private DamagedImageException(String message, Throwable cause) {
        super(422, "damaged_image", "file", message, cause);
    }

    /** This failure as a damaged source when libvips' message is about decoding; otherwise the failure itself. */
    public static RuntimeException ifDamage(VipsException failure, FailOn failOn) {
        String detail = PATHS.matcher(failure.getMessage())
                .replaceAll("<file>")
                .replaceAll("\\s+", " ")
                .strip();
        if (!DECODE_FAILURE.matcher(detail).find()) {
            return failure;
        }
        String hint = failOn == FailOn.NONE
                ? ""
                : "; to convert whatever can be decoded, set \"fail_on\": \"none\" in the operation's parameters";
        return new DamagedImageException(
                "file: the image is damaged (corrupt or truncated) and cannot be decoded: " + detail + hint, failure);
    }
}
