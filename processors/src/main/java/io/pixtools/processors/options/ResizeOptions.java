package io.pixtools.processors.options;

/** A resize request; a null width or height means "whatever the aspect ratio gives". */
public record ResizeOptions(Integer width, Integer height, Fit fit, boolean enlarge) {}
