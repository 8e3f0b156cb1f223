package io.pixtools.bench;

/** One photo of the benchmark corpus: a mosaic of real photos at {@code width x height}, saved as a JPEG. */
record CorpusPhoto(String label, int width, int height, int quality) {

    static final CorpusPhoto QUARTER_MP = new CorpusPhoto("0.25 MP", 612, 408, 90);
    static final CorpusPhoto TWO_MP = new CorpusPhoto("2 MP", 1732, 1155, 90);
    static final CorpusPhoto TWELVE_MP = new CorpusPhoto("12 MP", 4000, 3000, 90);
    static final CorpusPhoto FIFTY_MP = new CorpusPhoto("50 MP", 8660, 5773, 90);
    /** The intake's upload: the 12 MP mosaic at the JPEG quality that makes it about 2 MB. */
    static final CorpusPhoto TWO_MB_UPLOAD = new CorpusPhoto("12 MP", 4000, 3000, 93);

    String fileName() {
        return "photo-" + width + "x" + height + "-q" + quality + ".jpg";
    }

    /** {@code 12 MP (4000x3000)}. */
    String describe() {
        return label + " (" + width + "x" + height + ")";
    }
}
