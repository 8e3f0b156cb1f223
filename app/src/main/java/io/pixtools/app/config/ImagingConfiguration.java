package io.pixtools.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.ConvertProcessor;
import io.pixtools.processors.convert.DecodeOnce;
import io.pixtools.processors.convert.EncoderMemory;
import io.pixtools.processors.image.ImageFormat;
import io.pixtools.processors.image.ImageInspector;
import io.pixtools.processors.image.ImageLimits;
import io.pixtools.processors.image.InspectProcessor;
import io.pixtools.processors.image.OutputLimits;
import io.pixtools.processors.metadata.MetadataBudget;
import io.pixtools.processors.metadata.MetadataProcessor;
import io.pixtools.processors.metadata.MetadataReader;
import io.pixtools.processors.options.JobRequestParser;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.options.OperationSchema;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsSettings;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain-Java image core of {@code processors/} into beans that routes call by name. */
@Configuration(proxyBeanMethods = false)
class ImagingConfiguration {

    @Bean
    Vips vips(PixToolsProperties properties) {
        return Vips.initialise(VipsSettings.forServer(properties.workers().vipsConcurrency()));
    }

    @Bean
    ImageLimits imageLimits(PixToolsProperties properties) {
        PixToolsProperties.Limits limits = properties.limits();
        Set<ImageFormat> formats = limits.allowedFormats().stream()
                .map(id -> ImageFormat.fromId(id)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "pixtools.limits.allowed-formats: unknown format '" + id + "'")))
                .collect(Collectors.toSet());
        return new ImageLimits(
                limits.maxUploadSize().toBytes(), limits.maxPixels(), limits.maxOutputDimension(), formats);
    }

    @Bean
    WorkFiles workFiles(PixToolsProperties properties) {
        return new WorkFiles(properties.workDirectory());
    }

    @Bean
    ImageInspector imageInspector(Vips vips, ImageLimits limits) {
        return new ImageInspector(vips, limits);
    }

    /** Every operation and its parameters, declared once: the parser, /api/operations and OpenAPI read it. */
    @Bean
    OperationSchema operationSchema(ImageLimits limits) {
        return new OperationSchema(limits.maxOutputDimension());
    }

    @Bean
    OperationParamsParser operationParamsParser(OperationSchema schema) {
        return new OperationParamsParser(schema);
    }

    @Bean
    JobRequestParser jobRequestParser(OperationParamsParser parser, PixToolsProperties properties) {
        return new JobRequestParser(parser, properties.limits().maxOperations());
    }

    @Bean
    OutputLimits outputLimits(ImageLimits limits) {
        return new OutputLimits(limits.maxPixels(), limits.maxOutputDimension());
    }

    @Bean
    InspectProcessor inspectProcessor(ImageInspector inspector, OutputLimits outputLimits) {
        return new InspectProcessor(inspector, outputLimits);
    }

    @Bean
    ConvertOperation convertOperation(Vips vips, ImageLimits limits, PixToolsProperties properties) {
        EncoderMemory encoderMemory =
                new EncoderMemory(properties.limits().encoderMemory().toBytes());
        return new ConvertOperation(vips, limits.maxPixels(), limits.maxOutputDimension(), encoderMemory);
    }

    @Bean
    ConvertProcessor convertProcessor(ConvertOperation convert, WorkFiles workFiles) {
        return new ConvertProcessor(convert, workFiles);
    }

    @Bean
    DecodeOnce decodeOnce(ConvertOperation convert) {
        return new DecodeOnce(convert, DecodeOnce.MAX_BYTES);
    }

    @Bean
    MetadataProcessor metadataProcessor(ImageInspector inspector, ObjectMapper json, PixToolsProperties properties) {
        PixToolsProperties.Limits limits = properties.limits();
        MetadataBudget budget = new MetadataBudget(
                Math.toIntExact(limits.maxMetadataSegment().toBytes()),
                limits.maxMetadataBytes().toBytes());
        return new MetadataProcessor(inspector, new MetadataReader(budget), json);
    }
}
