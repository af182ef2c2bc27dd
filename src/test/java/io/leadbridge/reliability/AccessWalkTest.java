package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Walks every console route as each role and every API route as each client: who may not is
 * refused (403, or 404 for another town's lead), who is not signed in is sent to sign in or 401,
 * nothing answers 500, and the security headers are on every answer.
 */
@BridgeTest
@AutoConfigureMockMvc
class AccessWalkTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @LocalServerPort
    int port;

    record Route(HttpMethod method, String pattern) {
    }

    private List<Route> routes(String prefix) {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith(prefix)) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                            .forEach(m -> routes.add(new Route(HttpMethod.valueOf(m.name()), pattern)));
                }
            }
        }
        assertThat(routes).isNotEmpty();
        return routes;
    }

    private String disputedIn(String town) {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", town);
        new Api(port).push(lead.toString());
        return lead.get("eventId").asText();
    }

    @Test
    void everyConsoleRouteAsEveryRole() throws Exception {
        String own = disputedIn(BridgeTest.HUMEN);
        String other = disputedIn("441900401");
        for (Route route : routes("/console")) {
            for (String role : List.of("CITY_ADMIN", "TOWN_COORDINATOR", "AUDITOR")) {
                String who = role.equals("TOWN_COORDINATOR") ? "humen" : role.toLowerCase();
                int status = call(route, own, who, role).getResponse().getStatus();
                assertThat(status).as(route + " as " + role).isLessThan(500);
                boolean write = route.method() != HttpMethod.GET;
                boolean cityOffice = write && route.pattern().startsWith("/console/catalogue/"); // the catalogue routes the city
                if (write && role.equals("AUDITOR") || cityOffice && role.equals("TOWN_COORDINATOR")) {
                    assertThat(status).as(route + " as " + role).isEqualTo(403);
                } else {
                    assertThat(status).as(route + " as " + role).isNotIn(401, 403);
                }
                if (route.pattern().contains("{ref}") && role.equals("TOWN_COORDINATOR")) {
                    assertThat(call(route, other, who, role).getResponse().getStatus()).as(route + " another town").isEqualTo(404);
                }
            }
            MvcResult anonymous = mvc.perform(request(route.method(), path(route, own)).with(csrf())).andReturn();
            assertThat(anonymous.getResponse().getStatus()).as(route + " signed out").isEqualTo(302);
            assertThat(anonymous.getResponse().getRedirectedUrl()).endsWith("/login");
        }
    }

    /** The route with the lead's ref, the first choice of a variable with choices ({decision:accept|reject}), 1 for any other. */
    private static String path(Route route, String ref) {
        return route.pattern().replace("{ref}", ref).replaceAll("\\{[^}:]+:([^}|]+)[^}]*}", "$1").replaceAll("\\{[^}]+}", "1");
    }

    private MvcResult call(Route route, String ref, String who, String role) throws Exception {
        MockHttpServletRequestBuilder request = request(route.method(), path(route, ref))
                .with(user(who).roles(role)).with(csrf())
                .param("dept", "AMR").param("reason", "OTHER").param("text", "x").param("term", "陶艺").param("action", "assign");
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getHeader("Content-Security-Policy")).as(route.toString()).contains("frame-ancestors 'none'");
        assertThat(result.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        return result;
    }

    @Test
    void everyApiRouteAsEveryClient() throws Exception {
        Map<String, String> keys = Map.of("smart-grid", BridgeTest.SMART_GRID_KEY, "ops", BridgeTest.OPS_KEY,
                "department", BridgeTest.HEALTH_KEY);
        for (Route route : routes("/api/v1")) {
            String path = route.pattern().replaceAll("\\{[^}]+}", "X1234567");
            MvcResult none = mvc.perform(request(route.method(), path)).andReturn();
            assertThat(none.getResponse().getStatus()).as(route + " without a key").isEqualTo(401);
            for (Map.Entry<String, String> client : keys.entrySet()) {
                MvcResult result = mvc.perform(request(route.method(), path).header("X-Api-Key", client.getValue())
                        .contentType("application/json").content("{}")).andReturn();
                int status = result.getResponse().getStatus();
                assertThat(status).as(route + " as " + client.getKey()).isLessThan(500);
                assertThat(result.getResponse().getContentAsString()).doesNotContain("\tat ");
                assertThat(result.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                boolean push = path.equals("/api/v1/leads") && route.method() == HttpMethod.POST;
                boolean feedback = path.endsWith("/feedback") && route.method() == HttpMethod.POST;
                boolean opsOnly = path.startsWith("/api/v1/audit") || path.startsWith("/api/v1/review/")
                        || path.startsWith("/api/v1/dead-letters")
                        || path.startsWith("/api/v1/catalogue") && route.method() != HttpMethod.GET;
                boolean allowed = switch (client.getKey()) {
                    case "department" -> feedback;
                    case "smart-grid" -> push || !feedback && !opsOnly;
                    default -> !push && !feedback;
                };
                if (allowed) {
                    assertThat(status).as(route + " as " + client.getKey()).isNotIn(401, 403);
                } else {
                    assertThat(status).as(route + " as " + client.getKey()).isEqualTo(403);
                }
            }
        }
    }
}
