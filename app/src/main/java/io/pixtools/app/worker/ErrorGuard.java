package io.pixtools.app.worker;

import io.pixtools.processors.OperationCrashedException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every {@code process} and {@code bean} step of every route runs inside this guard. Camel's error handling only
 * sees exceptions: an {@link Error} thrown by a step (an {@code OutOfMemoryError} from a parser, a
 * {@code StackOverflowError}) would otherwise escape the route and end the in-JVM queue's consumer thread for good.
 * Here it becomes an {@link OperationCrashedException}, which the route records like any other failure.
 */
@Component
public class ErrorGuard implements InterceptStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorGuard.class);

    @Override
    public Processor wrapProcessorInInterceptors(
            CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        if (!(definition instanceof ProcessDefinition) && !(definition instanceof BeanDefinition)) {
            return target;
        }
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return super.process(exchange, callback);
                } catch (VirtualMachineError | LinkageError | AssertionError e) {
                    LOG.error("Step {} failed with {}", definition.getId(), e.toString());
                    exchange.setException(new OperationCrashedException(e));
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
