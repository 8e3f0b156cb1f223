package io.pixtools.app.aot;

import java.util.Set;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanInstanceSupplier;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.javapoet.CodeBlock;
import org.springframework.util.ClassUtils;

/**
 * Spring AOT code for the two Hawtio beans whose factory methods name Hawtio's private nested
 * {@code HawtioConfigurationProperties}: the code Spring generates names that class and does not compile. This code
 * resolves it by name and calls the same factory methods by reflection, which is what Spring's own code does too.
 */
class HawtioAotFragments implements BeanRegistrationAotProcessor {

    private static final String CONFIGURATION = "io.hawt.springboot.HawtioEndpointAutoConfiguration";
    private static final String PRIVATE_PROPERTIES = CONFIGURATION + "$HawtioConfigurationProperties";
    private static final Set<String> BEANS = Set.of("hawtioConfigurationProperties", "hawtioProperties");

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
        RootBeanDefinition definition = bean.getMergedBeanDefinition();
        if (!BEANS.contains(bean.getBeanName()) || !CONFIGURATION.equals(definition.getFactoryBeanName())) {
            return null;
        }
        String method = bean.getBeanName();
        boolean takesProperties = method.equals("hawtioProperties");
        return BeanRegistrationAotContribution.withCustomCodeFragments(
                fragments -> new Fragments(fragments, method, takesProperties));
    }

    private static final class Fragments extends BeanRegistrationCodeFragmentsDecorator {

        private final String method;
        private final boolean takesProperties;

        Fragments(BeanRegistrationCodeFragments delegate, String method, boolean takesProperties) {
            super(delegate);
            this.method = method;
            this.takesProperties = takesProperties;
        }

        @Override
        public CodeBlock generateNewBeanDefinitionCode(
                GenerationContext context, ResolvableType beanType, BeanRegistrationCode code) {
            if (takesProperties) {
                return super.generateNewBeanDefinitionCode(context, beanType, code);
            }
            return CodeBlock.builder()
                    .addStatement(
                            "$T beanDefinition = new $T($T.resolveClassName($S, null))",
                            RootBeanDefinition.class,
                            RootBeanDefinition.class,
                            ClassUtils.class,
                            PRIVATE_PROPERTIES)
                    .build();
        }

        @Override
        public CodeBlock generateInstanceSupplierCode(
                GenerationContext context, BeanRegistrationCode code, boolean allowDirectSupplierShortcut) {
            if (takesProperties) {
                return CodeBlock.of(
                        "$T.forFactoryMethod($T.resolveClassName($S, null), $S, $T.resolveClassName($S, null))",
                        BeanInstanceSupplier.class,
                        ClassUtils.class,
                        CONFIGURATION,
                        method,
                        ClassUtils.class,
                        PRIVATE_PROPERTIES);
            }
            return CodeBlock.of(
                    "$T.forFactoryMethod($T.resolveClassName($S, null), $S)",
                    BeanInstanceSupplier.class,
                    ClassUtils.class,
                    CONFIGURATION,
                    method);
        }
    }
}
