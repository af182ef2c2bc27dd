package io.leadbridge;

import io.leadbridge.support.BridgeTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ loads, and every route in it has an id and is running: a broken route file fails CI. */
@BridgeTest
class RouteFilesTest {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileLoadsAndItsRoutesRun() throws Exception {
        List<Path> files = routeFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            var builders = PluginHelper.getRoutesLoader(camel)
                    .findRoutesBuilders(ResourceHelper.resolveResource(camel, "file:" + file));
            assertThat(builders).as(file.toString()).isNotEmpty();
            List<String> ids = new ArrayList<>();
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteBuilder routes) {
                    routes.setCamelContext(camel);
                    routes.configure();
                    routes.getRouteCollection().getRoutes().forEach(r -> ids.add(r.getRouteId()));
                }
            }
            assertThat(ids).as(file + ": every route has an id").isNotEmpty().doesNotContainNull();
            for (String id : ids) {
                Route route = camel.getRoute(id);
                assertThat(route).as(id + " is in the running bridge").isNotNull();
                if (route.isAutoStartup()) {
                    assertThat(camel.getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
                }
            }
        }
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
