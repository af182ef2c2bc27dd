package io.leadbridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything under {@code bridge.*} in config/application.yaml, typed. */
@ConfigurationProperties("bridge")
public class BridgeProperties {

    /** Folder of the data ops edit: catalogue, code tables, calendar. */
    private Path configDir = Path.of("config");
    private String catalogueFile = "keywords.csv";
    private String calendarFile = "calendar.csv";
    /** The department that clears general industries and PERMIT_NO_LICENSE leads (§3.3). */
    private String generalDepartment = "AMR";
    /** The JMS queue departments send feedback on. */
    private String feedbackQueue = "css.feedback";
    /** API key per client: smart-grid, ops, or a department code. */
    private Map<String, String> apiKeys = new LinkedHashMap<>();
    private final Intake intake = new Intake();
    private final SmartGrid smartGrid = new SmartGrid();
    private final Dispatch dispatch = new Dispatch();
    private final Sla sla = new Sla();

    public Path configFile(String name) {
        return configDir.resolve(name);
    }

    public static class Intake {
        /** Largest lead body taken in, in bytes (push, queue and one batch-file line). */
        private int maxLeadBytes = 256 * 1024;
        /** Leads of push, queue and poll taken in together in one database transaction at most (1: each on its own). */
        private int groupCommit = 50;
        private final File file = new File();
        private final Poll poll = new Poll();

        public int getMaxLeadBytes() { return maxLeadBytes; }
        public void setMaxLeadBytes(int maxLeadBytes) { this.maxLeadBytes = maxLeadBytes; }
        public int getGroupCommit() { return groupCommit; }
        public void setGroupCommit(int groupCommit) { this.groupCommit = groupCommit; }
        public File getFile() { return file; }
        public Poll getPoll() { return poll; }
    }

    public static class File {
        /** The folder batch files are dropped in; done/ and error/ are made inside it. */
        private String inbox = "data/inbox";
        /** Lines taken in per database transaction (and their cases per broker transaction). */
        private int chunkLines = 200;

        public int getChunkLines() { return chunkLines; }
        public void setChunkLines(int chunkLines) { this.chunkLines = chunkLines; }
        public String getInbox() { return inbox; }
        public void setInbox(String inbox) { this.inbox = inbox; }
    }

    public static class Poll {
        /** Leads asked for per page. */
        private int limit = 100;

        public int getLimit() { return limit; }
        public void setLimit(int limit) { this.limit = limit; }
    }

    public static class SmartGrid {
        /** Base URL of Smart-Grid: the poll API and the status API live under it. */
        private String url = "http://smart-grid.invalid";

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
    }

    private Status status = new Status();

    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }

    public static class Dispatch {
        /** Per department code: how its cases are delivered; JMS queue css.dept.CODE when absent. */
        private Map<String, DepartmentEndpoint> departments = new LinkedHashMap<>();
        /** Pending dispatches older than this are sent again by the outbox sweep (after a crash). */
        private Duration resendAfter = Duration.ofMinutes(10);
        /** Deliveries to one department stop for a while when most recent ones failed. */
        private Circuit circuit = new Circuit();

        public Circuit getCircuit() { return circuit; }
        public void setCircuit(Circuit circuit) { this.circuit = circuit; }
        public Map<String, DepartmentEndpoint> getDepartments() { return departments; }
        public void setDepartments(Map<String, DepartmentEndpoint> departments) { this.departments = departments; }
        public Duration getResendAfter() { return resendAfter; }
        public void setResendAfter(Duration resendAfter) { this.resendAfter = resendAfter; }
    }

    /** Status updates to Smart-Grid (bridge.status.*; enabled, period and maximum-retry-delay are read by the route). */
    public static class Status {
        /** Smart-Grid's circuit: when it fails most calls, the status rounds stop and one update tries now and then. */
        private Circuit circuit = new Circuit();

        public Circuit getCircuit() { return circuit; }
        public void setCircuit(Circuit circuit) { this.circuit = circuit; }
    }

    public static class Circuit {
        /** Per cent of the last {@code window} attempts to a department that failed, at which it opens. */
        private int failureRate = 50;
        private int window = 6;
        /** How long an open circuit waits before one case tries again; doubles while tries fail. */
        private Duration openFor = Duration.ofSeconds(30);
        private Duration maxOpenFor = Duration.ofMinutes(10);

        public int getFailureRate() { return failureRate; }
        public void setFailureRate(int failureRate) { this.failureRate = failureRate; }
        public int getWindow() { return window; }
        public void setWindow(int window) { this.window = window; }
        public Duration getOpenFor() { return openFor; }
        public void setOpenFor(Duration openFor) { this.openFor = openFor; }
        public Duration getMaxOpenFor() { return maxOpenFor; }
        public void setMaxOpenFor(Duration maxOpenFor) { this.maxOpenFor = maxOpenFor; }
    }

    public static class DepartmentEndpoint {
        /** An http(s) URL to POST cases to; empty for the department's JMS queue. */
        private String url = "";
        /** JMS queue name, when not the default css.dept.CODE. */
        private String queue = "";

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getQueue() { return queue; }
        public void setQueue(String queue) { this.queue = queue; }
    }

    public static class Sla {
        private int acceptDays = 2;
        private int finishDays = 20;
        private int majorAcceptDays = 1;
        private int majorFinishDays = 10;

        public int getAcceptDays() { return acceptDays; }
        public void setAcceptDays(int acceptDays) { this.acceptDays = acceptDays; }
        public int getFinishDays() { return finishDays; }
        public void setFinishDays(int finishDays) { this.finishDays = finishDays; }
        public int getMajorAcceptDays() { return majorAcceptDays; }
        public void setMajorAcceptDays(int majorAcceptDays) { this.majorAcceptDays = majorAcceptDays; }
        public int getMajorFinishDays() { return majorFinishDays; }
        public void setMajorFinishDays(int majorFinishDays) { this.majorFinishDays = majorFinishDays; }
    }

    public Path getConfigDir() { return configDir; }
    public void setConfigDir(Path configDir) { this.configDir = configDir; }
    public String getCatalogueFile() { return catalogueFile; }
    public void setCatalogueFile(String catalogueFile) { this.catalogueFile = catalogueFile; }
    public String getCalendarFile() { return calendarFile; }
    public void setCalendarFile(String calendarFile) { this.calendarFile = calendarFile; }
    public String getGeneralDepartment() { return generalDepartment; }
    public String getFeedbackQueue() { return feedbackQueue; }
    public void setFeedbackQueue(String feedbackQueue) { this.feedbackQueue = feedbackQueue; }
    public void setGeneralDepartment(String generalDepartment) { this.generalDepartment = generalDepartment; }
    public Map<String, String> getApiKeys() { return apiKeys; }
    public void setApiKeys(Map<String, String> apiKeys) { this.apiKeys = apiKeys; }
    public Intake getIntake() { return intake; }
    public SmartGrid getSmartGrid() { return smartGrid; }
    public Dispatch getDispatch() { return dispatch; }
    public Sla getSla() { return sla; }
}
