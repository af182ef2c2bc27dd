package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CatalogueCopy;
import io.leadbridge.support.Leads;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue while the bridge runs: a changed file is picked up, a broken one refused and
 * shown; uploads in CSV and XLSX; restore; download. Runs on its own copy of the catalogue file.
 */
@BridgeTest
@DirtiesContext
class CatalogueLifecycleTest {

    static final String ORIGINAL = CatalogueCopy.ORIGINAL;
    static Path file;

    @DynamicPropertySource
    static void catalogueFile(DynamicPropertyRegistry registry) {
        file = CatalogueCopy.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogueStore store;
    @Autowired
    MeterRegistry meters;
    Api api;
    String originalVersion;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        originalVersion = store.current().version();
    }

    @AfterEach
    void putTheOriginalBack() throws IOException {
        writeFile(ORIGINAL);
        store.install("original", ORIGINAL.getBytes(StandardCharsets.UTF_8), CatalogueStore.UPLOAD, "test");
    }

    @Test
    void aChangedFileIsPickedUpWithoutRestart() throws IOException {
        writeFile(ORIGINAL + "钓鱼场,垂钓园,FISHING,钓鱼场,,,0,,new general industry\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> !store.current().version().equals(originalVersion));
        JsonNode catalogue = api.get("/api/v1/catalogue").json();
        assertThat(catalogue.path("version").asText()).isEqualTo(store.current().version());
        assertThat(catalogue.path("terms").asInt()).isEqualTo(474);
        assertThat(catalogue.path("history").get(0).path("source").asText()).isEqualTo("FILE");
        assertThat(explain("钓鱼场").path("reason").asText()).isEqualTo("GENERAL_INDUSTRY");
    }

    @Test
    void aBrokenFileIsRefusedAndTheCatalogueInUseStays() throws IOException {
        double refusedBefore = meters.counter("bridge.catalogue.refused", "source", "FILE").count();
        writeFile(ORIGINAL + "钓鱼场,,FISHING,钓鱼场,钓鱼许可,NOWHERE,x,,\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/catalogue").json().path("lastError").isObject());
        JsonNode catalogue = api.get("/api/v1/catalogue").json();
        assertThat(catalogue.path("version").asText()).isEqualTo(originalVersion);
        JsonNode problems = catalogue.path("lastError").path("problems");
        assertThat(problems.findValuesAsText("column")).containsExactlyInAnyOrder("dept_code", "priority");
        assertThat(problems.get(0).path("line").asInt()).isEqualTo(97);
        assertThat(meters.counter("bridge.catalogue.refused", "source", "FILE").count()).isEqualTo(refusedBefore + 1);
        assertThat(explain("网吧").path("department").asText()).isEqualTo("CULTURE");
    }

    @Test
    void aRefusedUploadAnswers422WithEveryProblem() {
        String broken = ORIGINAL.replace("网吧,网咖|网络会所", "网吧,网咖|网络会所|KTV")
                + "钓鱼场,,FISHING,钓鱼场,钓鱼许可,,0,SEVERE,\n";
        Api.Answer answer = put(broken.getBytes(StandardCharsets.UTF_8), api.opsKey());

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode errors = answer.json().path("errors");
        assertThat(errors.findValuesAsText("column")).containsExactlyInAnyOrder("aliases", "dept_code", "hazard");
        assertThat(store.current().version()).isEqualTo(originalVersion);
    }

    @Test
    void uploadsInCsvAndXlsxThenRestoreAndDownload() throws IOException {
        String withFishing = ORIGINAL + "钓鱼场,垂钓园,FISHING,钓鱼场,,,0,,\n";
        Api.Answer csv = put(withFishing.getBytes(StandardCharsets.UTF_8), api.opsKey());
        assertThat(csv.status()).isEqualTo(200);
        String csvVersion = csv.json().path("version").asText();
        assertThat(csv.json().path("loadedBy").asText()).isEqualTo("ops");

        Api.Answer xlsx = put(xlsx(ORIGINAL + "陶艺馆,陶艺,POTTERY,陶艺馆,,,0,,\n"), api.opsKey());
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(explain("陶艺馆").path("reason").asText()).isEqualTo("GENERAL_INDUSTRY");

        Api.Answer restored = api.post("/api/v1/catalogue/restore", BridgeTest.OPS_KEY, "");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().path("version").asText()).isEqualTo(csvVersion);
        assertThat(explain("陶艺馆").path("reason").asText()).isEqualTo("NO_MATCH");
        assertThat(api.get("/api/v1/catalogue").json().path("history").get(0).path("source").asText()).isEqualTo("RESTORE");

        Api.Answer download = api.get("/api/v1/catalogue?format=csv");
        assertThat(download.contentType()).startsWith("text/csv");
        assertThat(download.body()).startsWith("\uFEFFkeyword,aliases").contains("钓鱼场,垂钓园");
    }

    @Test
    void onlyOpsMayChangeTheCatalogue() {
        assertThat(put(ORIGINAL.getBytes(StandardCharsets.UTF_8), BridgeTest.SMART_GRID_KEY).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/catalogue/restore", BridgeTest.SMART_GRID_KEY, "").status()).isEqualTo(403);
    }

    @Test
    void everyDecisionRecordsTheCatalogueVersionItUsed() {
        ObjectNode lead = Leads.routedTo("AMR");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        assertThat(api.lead(lead.get("eventId").asText()).path("catalogueVersion").asText()).isEqualTo(originalVersion);
    }

    private JsonNode explain(String scope) {
        return api.post("/api/v1/routing/explain", BridgeTest.OPS_KEY,
                "{\"businessScope\":\"" + scope + "\",\"licenseState\":\"NO_LICENSE_NO_PERMIT\"}").json();
    }

    private Api.Answer put(byte[] body, String key) {
        return api.put("/api/v1/catalogue", key, body);
    }

    static byte[] xlsx(String csv) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet("catalogue");
            String[] lines = csv.split("\n");
            for (int r = 0; r < lines.length; r++) {
                var row = sheet.createRow(r);
                String[] cells = lines[r].split(",", -1);
                for (int c = 0; c < cells.length; c++) {
                    if (c == 6 && r > 0 && !cells[c].isEmpty()) {
                        row.createCell(c).setCellValue(Integer.parseInt(cells[c]));   // Excel keeps priority as a number
                    } else {
                        row.createCell(c).setCellValue(cells[c]);
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static void writeFile(String content) throws IOException {
        Path temp = file.resolveSibling("keywords.csv.tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
