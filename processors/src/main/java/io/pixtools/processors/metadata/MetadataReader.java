package io.pixtools.processors.metadata;

import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import io.pixtools.processors.image.ImageInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads EXIF, IPTC and XMP basics with metadata-extractor into a flat JSON-ready map with snake_case keys.
 * Absent values are left out. Broken or oversized metadata never fails the operation: what could be read is
 * returned, with the problems (and whatever the {@link MetadataBudget} left out) listed under {@code warnings}.
 */
public final class MetadataReader {

    /** Default limits: 4 MB per metadata segment (decompressed), 16 MB per file. */
    public static final MetadataBudget DEFAULT_BUDGET = new MetadataBudget(4 << 20, 16L << 20);

    private static final DateTimeFormatter EXIF_DATE = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final String XMP_DC = "http://purl.org/dc/elements/1.1/";
    private static final String XMP_BASIC = "http://ns.adobe.com/xap/1.0/";

    private final MetadataBudget budget;

    public MetadataReader() {
        this(DEFAULT_BUDGET);
    }

    public MetadataReader(MetadataBudget budget) {
        this.budget = budget;
    }

    public Map<String, Object> read(Path file, ImageInfo info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", info.format().id());
        out.put("width", info.width());
        out.put("height", info.height());
        out.put("file_bytes", info.bytes());
        MetadataBudget.Budgeted budgeted = budget.apply(file, info.format());
        List<String> warnings = new ArrayList<>(budgeted.warnings());
        Metadata metadata = budgeted.skipped() ? null : parse(file, budgeted, warnings);
        if (metadata != null) {
            exif(metadata, out);
            gps(metadata, out);
            iptc(metadata, out);
            xmp(metadata, out);
            icc(metadata, out);
            for (Directory directory : metadata.getDirectories()) {
                directory.getErrors().forEach(error -> warnings.add(directory.getName() + ": " + error));
            }
        }
        if (!warnings.isEmpty()) {
            out.put("warnings", warnings.size() > 20 ? warnings.subList(0, 20) : warnings);
        }
        return out;
    }

    /**
     * metadata-extractor over what the budget let through. Its own failures, a stack overflow on absurdly nested
     * XMP included, become a warning: metadata is read on a best-effort basis.
     */
    private static Metadata parse(Path file, MetadataBudget.Budgeted budgeted, List<String> warnings) {
        try {
            return budgeted.wholeFile()
                    ? ImageMetadataReader.readMetadata(file.toFile())
                    : ImageMetadataReader.readMetadata(new ByteArrayInputStream(budgeted.container()));
        } catch (ImageProcessingException | IOException | RuntimeException | StackOverflowError e) {
            warnings.add("metadata could not be read: " + e.getMessage());
            return null;
        }
    }

    private static void exif(Metadata metadata, Map<String, Object> out) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null) {
            putString(out, "camera_make", ifd0, ExifIFD0Directory.TAG_MAKE);
            putString(out, "camera_model", ifd0, ExifIFD0Directory.TAG_MODEL);
            putInt(out, "orientation", ifd0, ExifIFD0Directory.TAG_ORIENTATION);
            putString(out, "software", ifd0, ExifIFD0Directory.TAG_SOFTWARE);
            putString(out, "artist", ifd0, ExifIFD0Directory.TAG_ARTIST);
            putString(out, "copyright", ifd0, ExifIFD0Directory.TAG_COPYRIGHT);
        }
        ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        if (sub == null) {
            return;
        }
        putString(out, "lens_make", sub, ExifSubIFDDirectory.TAG_LENS_MAKE);
        putString(out, "lens", sub, ExifSubIFDDirectory.TAG_LENS_MODEL);
        Rational exposure = sub.getRational(ExifSubIFDDirectory.TAG_EXPOSURE_TIME);
        if (exposure != null && exposure.getDenominator() != 0) {
            out.put("exposure_time", exposure.toSimpleString(true));
            out.put("exposure_seconds", exposure.doubleValue());
        }
        putDouble(out, "f_number", sub, ExifSubIFDDirectory.TAG_FNUMBER);
        putInt(out, "iso", sub, ExifSubIFDDirectory.TAG_ISO_EQUIVALENT);
        putDouble(out, "focal_length_mm", sub, ExifSubIFDDirectory.TAG_FOCAL_LENGTH);
        String taken = sub.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL);
        if (taken != null) {
            String offset = sub.getString(ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL);
            out.put("date_taken", isoDate(taken.strip()) + (offset == null ? "" : offset.strip()));
        }
    }

    private static void gps(Metadata metadata, Map<String, Object> out) {
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        if (gps == null) {
            return;
        }
        GeoLocation location = gps.getGeoLocation();
        if (location == null || location.isZero()) {
            return;
        }
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("latitude", round(location.getLatitude(), 7));
        position.put("longitude", round(location.getLongitude(), 7));
        Rational altitude = gps.getRational(GpsDirectory.TAG_ALTITUDE);
        if (altitude != null && altitude.getDenominator() != 0) {
            boolean below = Integer.valueOf(1).equals(gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF));
            position.put("altitude_m", round((below ? -1 : 1) * altitude.doubleValue(), 2));
        }
        out.put("gps", position);
    }

    private static void iptc(Metadata metadata, Map<String, Object> out) {
        IptcDirectory iptc = metadata.getFirstDirectoryOfType(IptcDirectory.class);
        if (iptc == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        putString(values, "headline", iptc, IptcDirectory.TAG_HEADLINE);
        putString(values, "caption", iptc, IptcDirectory.TAG_CAPTION);
        putString(values, "byline", iptc, IptcDirectory.TAG_BY_LINE);
        putString(values, "credit", iptc, IptcDirectory.TAG_CREDIT);
        putString(values, "copyright", iptc, IptcDirectory.TAG_COPYRIGHT_NOTICE);
        putString(values, "city", iptc, IptcDirectory.TAG_CITY);
        putString(values, "country", iptc, IptcDirectory.TAG_COUNTRY_OR_PRIMARY_LOCATION_NAME);
        List<String> keywords = iptc.getKeywords();
        if (keywords != null && !keywords.isEmpty()) {
            values.put("keywords", keywords);
        }
        if (!values.isEmpty()) {
            out.put("iptc", values);
        }
    }

    private static void xmp(Metadata metadata, Map<String, Object> out) {
        XmpDirectory directory = metadata.getFirstDirectoryOfType(XmpDirectory.class);
        if (directory == null || directory.getXMPMeta() == null) {
            return;
        }
        XMPMeta xmp = directory.getXMPMeta();
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            putXmp(values, "title", localized(xmp, "title"));
            putXmp(values, "description", localized(xmp, "description"));
            putXmp(
                    values,
                    "creator",
                    xmp.doesArrayItemExist(XMP_DC, "creator", 1)
                            ? xmp.getArrayItem(XMP_DC, "creator", 1).getValue()
                            : null);
            putXmp(values, "creator_tool", xmp.getPropertyString(XMP_BASIC, "CreatorTool"));
            putXmp(values, "rating", xmp.getPropertyString(XMP_BASIC, "Rating"));
            putXmp(values, "create_date", xmp.getPropertyString(XMP_BASIC, "CreateDate"));
        } catch (XMPException e) {
            values.put("error", e.getMessage());
        }
        if (!values.isEmpty()) {
            out.put("xmp", values);
        }
    }

    private static String localized(XMPMeta xmp, String property) throws XMPException {
        var text = xmp.getLocalizedText(XMP_DC, property, null, "x-default");
        return text == null ? null : text.getValue();
    }

    private static void icc(Metadata metadata, Map<String, Object> out) {
        IccDirectory icc = metadata.getFirstDirectoryOfType(IccDirectory.class);
        if (icc != null) {
            String description = icc.getDescription(IccDirectory.TAG_TAG_desc);
            if (description != null && !description.isBlank()) {
                out.put("icc_profile", description.strip());
            }
        }
    }

    private static String isoDate(String exif) {
        try {
            return LocalDateTime.parse(exif, EXIF_DATE).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException e) {
            return exif;
        }
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    private static void putString(Map<String, Object> out, String key, Directory directory, int tag) {
        String value = directory.getString(tag);
        if (value != null && !value.isBlank()) {
            out.put(key, value.strip());
        }
    }

    private static void putInt(Map<String, Object> out, String key, Directory directory, int tag) {
        Integer value = directory.getInteger(tag);
        if (value != null) {
            out.put(key, value);
        }
    }

    private static void putDouble(Map<String, Object> out, String key, Directory directory, int tag) {
        Double value = directory.getDoubleObject(tag);
        if (value != null && !value.isNaN() && !value.isInfinite()) {
            out.put(key, round(value, 4));
        }
    }

    private static void putXmp(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isBlank()) {
            out.put(key, value.strip());
        }
    }
}
