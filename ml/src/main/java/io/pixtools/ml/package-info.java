/** The DnCNN denoiser on ONNX Runtime: plain Java, no Spring, no application classes. */
package io.pixtools.ml;
