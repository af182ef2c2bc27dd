package io.leadbridge.reliability;

import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pushing faster than the bridge takes leads in gives back-pressure: 429 with Retry-After, nothing lost. */
@BridgeTest
@DirtiesContext
@UseAdviceWith
class OverloadTest {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @DynamicPropertySource
    static void onePushAtATime(DynamicPropertyRegistry registry) {
        registry.add("bridge.intake.push.max-in-flight", () -> "1");
    }

    @Autowired
    CamelContext camel;
    @LocalServerPort
    int port;

    @BeforeEach
    void holdTheFirstLeadInIntake() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "intake", a -> a.weaveById("intake-accept").before().process(e -> {
                if (ENTERED.getCount() > 0) {
                    ENTERED.countDown();
                    RELEASE.await(30, TimeUnit.SECONDS);
                }
            }));
            camel.start();
        }
    }

    @Test
    void aPushBeyondTheLimitIsToldToComeBackAndTheFirstIsTaken() throws Exception {
        Api api = new Api(port);
        String first = Leads.routedTo("AMR").toString();
        CompletableFuture<Api.Answer> held = CompletableFuture.supplyAsync(() -> api.push(first));
        assertThat(ENTERED.await(10, TimeUnit.SECONDS)).isTrue();

        Api.Answer refused = api.push(Leads.routedTo("AMR").toString());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).as("Retry-After").isEqualTo("1");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains("send this one again");
        RELEASE.countDown();
        assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.push(Leads.routedTo("AMR").toString()).status() == 202);
    }
}
