package io.pixtools.app.conventions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.camel.Processor;

/**
 * processors/ and ml/ are plain Java over Camel's API: no Spring, nothing from the application (the module build
 * refuses those arrows too; these rules say why). No package depends on itself through others.
 */
@AnalyzeClasses(
        packages = "io.pixtools",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTests.DoNotIncludeTestJars.class})
class ArchitectureTests {

    /** Other modules' tests, which reach this module as test jars once the build has packaged them. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.pixtools.(**)")
            .should()
            .beFreeOfCycles()
            .because(
                    "a package cycle makes every package in it one unit: nothing can be understood, tested or moved alone");

    @ArchTest
    static final ArchRule processorsAndMlDoNotDependOnSpring = noClasses()
            .that()
            .resideInAnyPackage("io.pixtools.processors..", "io.pixtools.ml..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..")
            .because("the image and model cores must run and be tested without a Spring context");

    @ArchTest
    static final ArchRule processorsAndMlDoNotDependOnTheApplication = noClasses()
            .that()
            .resideInAnyPackage("io.pixtools.processors..", "io.pixtools.ml..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.pixtools.app..")
            .because("the application wires the cores, never the other way round");

    @ArchTest
    static final ArchRule processorsAreStateless = fields().that()
            .areDeclaredInClassesThat()
            .implement(Processor.class)
            .and()
            .areDeclaredInClassesThat()
            .resideInAnyPackage("io.pixtools..")
            .should()
            .beFinal()
            .because("processors are shared by every exchange and must hold no per-request state");
}
