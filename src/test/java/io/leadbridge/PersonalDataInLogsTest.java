package io.leadbridge;

import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs last: feeds inputs that carry ID numbers and phones where error messages quote them, then
 * reads the log of the whole test run: no full ID number or phone in any line.
 */
@BridgeTest
@Order(Integer.MAX_VALUE)
class PersonalDataInLogsTest {

    // Bounded by anything but a letter or digit, so a run of digits inside a UUID or hash is not taken for one.
    static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
    static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z])1[3-9]\\d{9}(?![0-9A-Za-z])");

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;

    @Test
    void noLogLineOfTheWholeRunHoldsAFullIdNumberOrPhone() throws Exception {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("AMR");
        String id = lead.path("subject").path("operatorIdNumber").asText();
        String phone = lead.path("subject").path("operatorPhone").asText();
        api.push("{\"eventId\": " + id + phone + "x}");
        api.push(lead.toString().replace("\"" + phone + "\"", phone + "z"));
        api.post("/api/v1/cases/QW" + id + "/feedback", BridgeTest.CULTURE_KEY, "{\"case_no\":" + phone + "q}");
        jms.convertAndSend("css.feedback", "{\"case_no\":\"" + id + "\", \"dept_code\": " + phone + "}");
        api.push(lead.toString());

        Path log = Path.of("target/test-logs/bridge.log");
        assertThat(log).exists();
        List<String> leaks = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> ID_NUMBER.matcher(line).find() || PHONE.matcher(line).find())
                .limit(5).toList();
        assertThat(leaks).as("log lines with a full ID number or phone").isEmpty();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("kept as INVALID");
    }
}
