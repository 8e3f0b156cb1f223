package io.pixtools.processors.convert;

import java.nio.file.Path;

/** An encoded output file and what the job record shows about it. */
public record ConvertResult(Path file, int width, int height, long bytes, String contentType) {}
