package io.pixtools.app.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart form of {@code POST /api/process}, for the OpenAPI description only: intake reads the parts
 * itself. Camel's OpenAPI 3 writer turns a body parameter of this type into a multipart/form-data requestBody;
 * {@link OperationParamsOpenApi} then fills in {@code operations} and {@code operation_params} from the operation schema.
 */
@Schema(name = ProcessForm.NAME, description = "The multipart form of POST /api/process")
public final class ProcessForm {

    static final String NAME = "ProcessForm";

    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            type = "string",
            format = "binary",
            description = "The image: JPEG, PNG, WebP, AVIF/HEIC, TIFF or GIF, recognised from its bytes.")
    public Object file;

    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "[\"jpg\",\"png\",\"webp\",\"avif\",\"metadata\"]",
            description = "JSON array of operations (the list is filled in from the operation schema).")
    public String operations;

    @Schema(
            example = "{\"webp\":{\"quality\":80,\"resize\":{\"width\":800}}}",
            description =
                    "JSON object keyed by operation (replaced by one schema per operation, see OperationParamsOpenApi).")
    public String operation_params;

    @Schema(
            example = "https://example.com/hooks/pixtools",
            description = "http(s) URL that receives the job JSON when the job finishes.")
    public String webhook_url;

    private ProcessForm() {}
}
