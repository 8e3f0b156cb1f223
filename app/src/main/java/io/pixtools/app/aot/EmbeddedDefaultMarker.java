package io.pixtools.app.aot;

import java.nio.file.Path;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * At build time, marks the generated AOT code as that of the embedded default, but only when the build ran with the
 * embedded default's settings: a build in a shell with, say, {@code PIXTOOLS_ROLES=api} generates api-only beans,
 * which no start may use.
 */
class EmbeddedDefaultMarker implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!SpringAotChoice.matchesBuild(System.getenv(), System.getProperties(), new String[0], Path.of(""))) {
            return null;
        }
        return (generation, code) -> generation
                .getGeneratedFiles()
                .addResourceFile(SpringAotChoice.MARKER, "Spring AOT code of the embedded default\n");
    }
}
