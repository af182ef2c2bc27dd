package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CatalogueCopy;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leads flow while the catalogue switches back and forth between two versions: every decision
 * names one of them and is exactly what that version decides, never a mix of the two.
 */
@BridgeTest
@DirtiesContext
class ReloadUnderLoadTest {

    // In B the internet café moves to EDU: a lead naming both a café and a KTV is CULTURE by
    // KEYWORD under A, and a CONFLICT between CULTURE and EDU under B.
    static final String A = CatalogueCopy.ORIGINAL;
    static final String B = A.replace("INTERNET_CAFE,互联网上网服务营业场所,网络文化经营许可证,CULTURE,10",
            "INTERNET_CAFE,互联网上网服务营业场所,网络文化经营许可证,EDU,10");

    @DynamicPropertySource
    static void catalogueFile(DynamicPropertyRegistry registry) {
        CatalogueCopy.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogueStore store;

    @Test
    void everyDecisionIsWhollyTheOldOrWhollyTheNewCatalogue() throws Exception {
        assertThat(B).isNotEqualTo(A);
        String versionA = store.parse("a", A.getBytes(StandardCharsets.UTF_8)).version();
        String versionB = store.parse("b", B.getBytes(StandardCharsets.UTF_8)).version();
        Api api = new Api(port);
        AtomicBoolean pushing = new AtomicBoolean(true);
        Thread switcher = new Thread(() -> {
            boolean toB = true;
            while (pushing.get()) {
                store.install(toB ? "b.csv" : "a.csv", (toB ? B : A).getBytes(StandardCharsets.UTF_8), CatalogueStore.UPLOAD, "test");
                toB = !toB;
            }
        });
        ConcurrentLinkedQueue<String> eventIds = new ConcurrentLinkedQueue<>();
        List<Thread> pushers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            pushers.add(new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    ObjectNode lead = Leads.routedTo("CULTURE");
                    lead.put("businessScope", "网吧兼营KTV");
                    lead.put("licenseState", "NO_LICENSE_NO_PERMIT");
                    ((ObjectNode) lead.get("villageDisposal")).put("status", "UNRECTIFIED");
                    api.push(lead.toString());
                    eventIds.add(lead.get("eventId").asText());
                }
            }));
        }
        switcher.start();
        pushers.forEach(Thread::start);
        for (Thread t : pushers) {
            t.join();
        }
        pushing.set(false);
        switcher.join();

        Set<String> seen = new HashSet<>();
        for (String eventId : eventIds) {
            JsonNode routing = api.lead(eventId).path("routing");
            String version = routing.path("catalogueVersion").asText();
            seen.add(version);
            assertThat(version).isIn(versionA, versionB);
            if (version.equals(versionA)) {
                assertThat(routing.path("reason").asText()).as(eventId).isEqualTo("KEYWORD");
                assertThat(routing.path("department").asText()).isEqualTo("CULTURE");
            } else {
                assertThat(routing.path("reason").asText()).as(eventId).isEqualTo("CONFLICT");
                assertThat(routing.path("candidates").toString()).isEqualTo("[\"CULTURE\",\"EDU\"]");
            }
        }
        assertThat(eventIds).hasSize(160);
        assertThat(seen).containsExactlyInAnyOrder(versionA, versionB);
    }
}
