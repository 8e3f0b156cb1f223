package io.pixtools.bench;

/** One target of issue 16: what is measured, the figure, the target and whether the figure meets it. */
record Target(String what, String measured, String target, boolean met) {

    static String markdown(java.util.List<Target> targets) {
        MarkdownTable table = new MarkdownTable("what", "measured", "target", "met");
        targets.forEach(t -> table.row(t.what, t.measured, t.target, Figures.yesNo(t.met)));
        return table.toString();
    }
}
