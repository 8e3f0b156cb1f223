package io.pixtools.bench;

import java.util.List;
import java.util.Locale;

/** How the tables print numbers: few digits, a dot for decimals whatever the locale, {@code n/a} for none. */
final class Figures {

    static final String NOT_AVAILABLE = "n/a";

    private Figures() {}

    /** Milliseconds: one decimal below 10, whole above. */
    static String millis(double millis) {
        if (Double.isNaN(millis)) {
            return NOT_AVAILABLE;
        }
        return millis < 10 ? format("%.1f", millis) : format("%.0f", millis);
    }

    static String seconds(double seconds) {
        return format("%.2f", seconds);
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? NOT_AVAILABLE : format("%.2f", ratio);
    }

    static String rate(double perSecond) {
        return perSecond < 10 ? format("%.2f", perSecond) : format("%.1f", perSecond);
    }

    /** Kilobytes: one decimal below 100, whole above. */
    static String kilobytes(long bytes) {
        if (bytes < 0) {
            return NOT_AVAILABLE;
        }
        double kb = bytes / 1024.0;
        return kb < 100 ? format("%.1f", kb) : format("%.0f", kb);
    }

    /** A file's size with its unit: {@code 83 KB}, {@code 1.91 MB}. */
    static String fileSize(long bytes) {
        return bytes < 1024 * 1024
                ? format("%.0f", bytes / 1024.0) + " KB"
                : format("%.2f", bytes / (1024.0 * 1024.0)) + " MB";
    }

    /** Operations as a request gives them: {@code ["jpg","webp"]}. */
    static String operations(List<String> operations) {
        return operations.stream()
                .map(op -> "\"" + op + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    static String yesNo(boolean met) {
        return met ? "yes" : "no";
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
