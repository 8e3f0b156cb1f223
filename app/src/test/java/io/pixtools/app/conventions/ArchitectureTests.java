package io.pixtools.app.conventions;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.camel.Processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** processors/ and ml/ are plain Java over Camel's API: no Spring, nothing from the application. */
@AnalyzeClasses(packages = "io.pixtools", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule processorsAndMlDoNotDependOnSpring = noClasses()
            .that().resideInAnyPackage("io.pixtools.processors..", "io.pixtools.ml..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
            .because("the image and model cores must run and be tested without a Spring context");

    @ArchTest
    static final ArchRule processorsAndMlDoNotDependOnTheApplication = noClasses()
            .that().resideInAnyPackage("io.pixtools.processors..", "io.pixtools.ml..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pixtools.app..")
            .because("the application wires the cores, never the other way round");

    @ArchTest
    static final ArchRule processorsAreStateless = fields()
            .that().areDeclaredInClassesThat().implement(Processor.class)
            .and().areDeclaredInClassesThat().resideInAnyPackage("io.pixtools..")
            .should().beFinal()
            .because("processors are shared by every exchange and must hold no per-request state");
}
