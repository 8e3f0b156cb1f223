package io.pixtools.app.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart form of {@code POST /api/process}, for the OpenAPI description only: intake reads the parts
 * itself. Camel's OpenAPI 3 writer turns a body parameter of this type into a multipart/form-data requestBody.
 */
@Schema(name = "ProcessForm", description = "The multipart form of POST /api/process")
public final class ProcessForm {

    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "binary",
            description = "The image: JPEG, PNG, WebP, AVIF/HEIC, TIFF or GIF, recognised from its bytes.")
    public Object file;

    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"jpg\",\"png\",\"webp\",\"avif\",\"metadata\"]",
            description = "JSON array of operations: jpg, png, webp, avif, metadata.")
    public String operations;

    @Schema(example = "{\"webp\":{\"quality\":80,\"resize\":{\"width\":800}}}",
            description = "JSON object keyed by operation. Conversions take quality (1-100), strip (default true) and "
                    + "resize {width, height, fit: inside|cover|fill, enlarge}; webp and avif also lossless and effort; "
                    + "png compression (0-9), palette; jpg progressive.")
    public String operation_params;

    @Schema(example = "https://example.com/hooks/pixtools",
            description = "http(s) URL that receives the job JSON when the job finishes.")
    public String webhook_url;

    private ProcessForm() {
    }
}
