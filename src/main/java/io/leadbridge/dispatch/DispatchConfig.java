package io.leadbridge.dispatch;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the dispatch route file names. */
@Configuration(proxyBeanMethods = false)
public class DispatchConfig {

    /** onRedelivery of the dispatch error handling: each failed attempt goes on record. */
    @Bean
    Processor dispatchAttemptFailed(Dispatcher dispatcher) {
        return dispatcher::attemptFailed;
    }
}
