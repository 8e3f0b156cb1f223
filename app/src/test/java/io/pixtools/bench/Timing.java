package io.pixtools.bench;

/**
 * One cell of the per-operation table: the median wall time of the runs and the size of the file written, or why
 * there is none ({@code reason}, e.g. a format a tool cannot write).
 */
record Timing(double millis, long bytes, String reason) {

    static Timing unavailable(String reason) {
        return new Timing(Double.NaN, -1, reason);
    }

    boolean available() {
        return reason == null;
    }
}
