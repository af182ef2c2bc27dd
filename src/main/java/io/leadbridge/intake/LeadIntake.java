package io.leadbridge.intake;

import io.leadbridge.ledger.Detail;
import io.leadbridge.triage.LeadEvaluation;
import io.leadbridge.lead.LeadReader;
import io.leadbridge.lead.InputRejection;
import io.leadbridge.lead.FieldProblem;
import io.leadbridge.config.DatabaseFailures;
import io.leadbridge.config.GroupCommit;
import io.leadbridge.casefile.CaseNumbers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.UnreadableMessages;
import io.leadbridge.dispatch.DispatchEnqueuer;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.status.StatusOutbox;
import io.leadbridge.triage.Business;
import io.leadbridge.triage.Replay;
import io.leadbridge.lead.Lead;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one intake of every way in: read, validate, deduplicate by eventId + version, and in one
 * database transaction record the lead, its decision and (when routed) its case and dispatch.
 * A lead is accepted only once that transaction has committed.
 */
@Component
public class LeadIntake {

    private static final Logger LOG = LoggerFactory.getLogger(LeadIntake.class);
    public static final String FLAG_VERSION_AFTER_DISPATCH = "NEW_VERSION_AFTER_DISPATCH";
    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{6,64}");

    private final LeadReader reader;
    private final LeadValidator validator;
    private final LeadLedger ledger;
    private final LeadEvaluation evaluation;
    private final StatusOutbox status;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final BatchProgress batchProgress;
    private final GroupCommit<Taking, IntakeResult> group;
    private final Replay replay;
    private final DispatchEnqueuer enqueuer;
    private final CaseNumbers caseNumbers;

    public LeadIntake(LeadReader reader, LeadValidator validator, LeadLedger ledger, Replay replay, LeadEvaluation evaluation,
                      StatusOutbox status, ObjectMapper json, PlatformTransactionManager transactions, Clock clock,
                      MeterRegistry meters, BatchProgress batchProgress, DispatchEnqueuer enqueuer,
                      io.leadbridge.config.BridgeProperties properties, CaseNumbers caseNumbers) {
        this.caseNumbers = caseNumbers;
        this.enqueuer = enqueuer;
        this.meters = meters;
        this.batchProgress = batchProgress;
        this.status = status;
        this.reader = reader;
        this.validator = validator;
        this.ledger = ledger;
        this.evaluation = evaluation;
        this.replay = replay;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        int groupSize = properties.getIntake().getGroupCommit();
        this.group = groupSize > 1 ? new GroupCommit<>("intake-group-commit", groupSize, java.time.Duration.ZERO,
                Integer.MAX_VALUE, GroupCommit.OutOfReach.FAIL_ALL, new Takings()) : null;
    }

    @jakarta.annotation.PreDestroy
    void stop() throws InterruptedException {
        if (group != null) {
            group.stop();
        }
    }

    /** Takes in one input from a channel (PUSH, POLL, QUEUE, FILE); origin says where exactly (a file and line...). */
    public IntakeResult accept(@Body byte[] body, @Header("leadChannel") String channel, @Header("leadOrigin") String origin,
            @Header(UnreadableMessages.PROPERTY) String unreadable) {
        IntakeResult result = unreadable == null ? take(body, channel, origin, null)
                : keepInvalid(reader.text(body), null, channel, origin,
                        InputRejection.of(400, "Unreadable message", "message", "unreadable message: " + unreadable), null);
        return counted(channel, result);
    }

    /** bridge_intake_total{channel,outcome}: one input taken in. */
    private IntakeResult counted(String channel, IntakeResult result) {
        meters.counter("bridge.intake", "channel", String.valueOf(channel), "outcome", result.outcome().name()).increment();
        return result;
    }

    /**
     * Takes in the inputs of one page (the poll's) together: every valid lead handed to the group commit at once, in
     * the page's order, so that the page waits for one lot or a few, not for a lot of its own for each lead behind
     * whatever else the intake takes in meanwhile (queue consumers, pushes). An invalid input is kept as INVALID at
     * once. Results in the page's order, their cases on the dispatch queue; if a lead fails, the first failure is the
     * caller's once every lead of the page had its commit (the page is then taken again: its leads taken are
     * duplicates). Without group commit, one lead after the other.
     */
    public List<IntakeResult> acceptAll(List<byte[]> bodies, String channel, List<String> origins) {
        List<CompletableFuture<IntakeResult>> commits = new java.util.ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            Read read = read(bodies.get(i), channel, origins.get(i));
            commits.add(read.taking() == null ? CompletableFuture.completedFuture(kept(read, channel, origins.get(i), null))
                    : group != null ? submitted(read.taking())
                    : CompletableFuture.completedFuture(inTransaction(read.taking(), null)));
        }
        List<IntakeResult> results = new java.util.ArrayList<>(commits.size());
        RuntimeException failed = null;
        for (CompletableFuture<IntakeResult> commit : commits) {
            try {
                results.add(counted(channel, joined(commit)));
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return queued(results);
    }

    /** A line of a batch file, as the file route hands it over in chunks. */
    public record FileLine(long lineNo, String origin, byte[] body) {
    }

    /**
     * Takes in a chunk of batch-file lines in one transaction, and advances the file's progress to
     * {@code lastLineNo} in it: one commit for the chunk instead of one per line. If a line's eventId
     * races with another way in (the only failure that is not the line's own), the chunk is taken
     * again line by line, each with its progress.
     */
    public List<IntakeResult> acceptChunk(List<FileLine> lines, String fileKey, long lastLineNo) {
        List<Read> reads = lines.stream().map(line -> read(line.body(), "FILE", line.origin())).toList();
        numbersAhead(reads.stream().map(Read::taking).filter(java.util.Objects::nonNull).map(Taking::lead));
        List<IntakeResult> results;
        try {
            results = transaction.execute(tx -> {
                List<IntakeResult> taken = new java.util.ArrayList<>(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    taken.add(takeOnce(reads.get(i), "FILE", lines.get(i).origin()));
                }
                batchProgress.advanceChunk(fileKey, lastLineNo, taken.size(), taken.stream().filter(IntakeResult::invalid).count());
                return taken;
            });
        } catch (RuntimeException raced) {
            // a raced eventId, or a deadlock or lock timeout with a group of pushes over the same rows (case
            // numbers no longer: they are reserved outside, CaseNumbers): each line again on its own (a chunk lost
            // here was once skipped by the file: CrashTest)
            if (!DatabaseFailures.isConflict(raced) && !(raced instanceof org.springframework.transaction.UnexpectedRollbackException)) {
                throw raced;
            }
            results = new java.util.ArrayList<>(lines.size());
            for (FileLine line : lines) {
                results.add(take(line.body(), "FILE", line.origin(), new BatchLine(fileKey, line.lineNo())));
            }
        }
        for (IntakeResult result : results) {
            counted("FILE", result);
        }
        return results;
    }

    /** One line read, taken in within the caller's transaction: a race on its eventId fails the whole transaction. */
    private IntakeResult takeOnce(Read read, String channel, String origin) {
        Taking t = read.taking();
        return t == null ? kept(read, channel, origin, null) : take(t.json(), t.lead(), t.text(), channel, origin);
    }

    /** A line of a batch file: its progress advances in the transaction of its lead. */
    private record BatchLine(String fileKey, long lineNo) {
    }

    /** An input read and validated, nothing written yet: a valid lead, or the text (and JSON) refused and why. */
    private record Read(Taking taking, String text, JsonNode json, InputRejection rejection) {
    }

    private Read read(byte[] body, String channel, String origin) {
        LeadReader.Read read = reader.read(body);
        if (read.rejection() != null) {
            return new Read(null, read.text(), null, read.rejection());
        }
        JsonNode lead = read.lead();
        List<FieldProblem> problems = validator.validate(lead);
        if (!problems.isEmpty()) {
            return new Read(null, read.text(), lead, InputRejection.badRequest("Invalid lead", problems));
        }
        // bound once: the stages after validation read fields
        return new Read(new Taking(lead, Lead.of(lead), read.text(), channel, origin), null, null, null);
    }

    /** A refused input kept as INVALID. */
    private IntakeResult kept(Read refused, String channel, String origin, BatchLine line) {
        return keepInvalid(refused.text(), refused.json(), channel, origin, refused.rejection(), line);
    }

    /**
     * Case numbers for the leads about to be taken in together, reserved before their transaction opens (one commit for
     * the towns that need more, none inside the lot's transaction; CaseNumbers.reserveAhead).
     */
    private void numbersAhead(java.util.stream.Stream<Lead> leads) {
        Map<String, Integer> towns = leads.map(Lead::townCode).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toMap(town -> town, town -> 1, Integer::sum));
        if (!towns.isEmpty()) {
            caseNumbers.reserveAhead(towns, java.time.LocalDate.now(clock));
        }
    }

    private IntakeResult take(byte[] body, String channel, String origin, BatchLine line) {
        Read read = read(body, channel, origin);
        if (read.taking() == null) {
            return kept(read, channel, origin, line);
        }
        return line == null && group != null ? joined(submitted(read.taking())) : inTransaction(read.taking(), line);
    }

    /** A valid lead in a transaction of its own (no group commit, or a batch-file line with its progress). */
    private IntakeResult inTransaction(Taking t, BatchLine line) {
        try {
            return transaction.execute(tx -> advanced(take(t.json(), t.lead(), t.text(), t.channel(), t.origin()), line, false));
        } catch (DuplicateKeyException raced) {
            // Another copy of this eventId was inserted meanwhile (push and queue at once): now it is a known lead.
            return transaction.execute(tx -> advanced(take(t.json(), t.lead(), t.text(), t.channel(), t.origin()), line, false));
        }
    }

    /** A valid lead of push, queue or poll, to be taken in. */
    private record Taking(JsonNode json, Lead lead, String text, String channel, String origin) {
    }

    /**
     * Group commit for push, queue and poll (the shared {@link GroupCommit}): the caller's thread hands its lead
     * over and waits; what has gathered (up to {@code bridge.intake.group-commit}) is taken in in one transaction.
     * If the lot fails for its own reason (an eventId raced with another way in, a deadlock with a batch file's
     * chunk, one lead that cannot be recorded), each is taken again on its own; if the database is out
     * of reach, every caller gets that error (FAIL_ALL: a push answers 503).
     */
    private final class Takings implements GroupCommit.Work<Taking, IntakeResult> {
        @Override
        public List<IntakeResult> together(List<Taking> lot) {
            numbersAhead(lot.stream().map(Taking::lead));
            return queued(transaction.execute(tx -> {
                List<IntakeResult> taken = new java.util.ArrayList<>(lot.size());
                for (Taking t : lot) {
                    taken.add(LeadIntake.this.take(t.json(), t.lead(), t.text(), t.channel(), t.origin()));
                }
                return taken;
            }));
        }

        /** One lead alone; a race on its eventId (then a known lead) or a deadlock is tried once more. */
        @Override
        public IntakeResult alone(Taking t) {
            IntakeResult taken;
            try {
                taken = transaction.execute(tx -> LeadIntake.this.take(t.json(), t.lead(), t.text(), t.channel(), t.origin()));
            } catch (RuntimeException raced) {
                if (!DatabaseFailures.isConflict(raced)) {
                    throw raced;
                }
                taken = transaction.execute(tx -> LeadIntake.this.take(t.json(), t.lead(), t.text(), t.channel(), t.origin()));
            }
            return queued(List.of(taken)).get(0);
        }
    }

    /**
     * Committed leads' cases put on the dispatch queue in one broker transaction (one journal sync, as a batch file's
     * chunk), not one send per lead; a send that fails leaves them to the sweep (DispatchEnqueuer).
     */
    private List<IntakeResult> queued(List<IntakeResult> taken) {
        List<String> keys = taken.stream().filter(IntakeResult::toQueue).map(IntakeResult::dispatchKey).toList();
        if (keys.isEmpty()) {
            return taken;
        }
        enqueuer.enqueueAll(keys);
        return taken.stream().map(r -> r.toQueue() ? r.queuedNow() : r).toList();
    }

    /** A lead handed to the group commit (waiting for room while its queue is at its bound). */
    private CompletableFuture<IntakeResult> submitted(Taking taking) {
        try {
            return group.submit(taking);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the intake's commit", e);
        }
    }

    /** Waits for a lead's group commit; its failure is the caller's. */
    private static IntakeResult joined(CompletableFuture<IntakeResult> commit) {
        try {
            return commit.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private <T> T advanced(T result, BatchLine line, boolean bad) {
        if (line != null) {
            batchProgress.advance(line.fileKey(), line.lineNo(), bad);
        }
        return result;
    }

    /** A validated lead ({@code json}, bound as {@code lead}) taken in: the replay check, then the stages of triage. */
    private IntakeResult take(JsonNode json, Lead lead, String text, String channel, String origin) {
        String eventId = lead.eventId();
        long version = lead.version();
        String town = lead.townCode();
        // judged first on a plain read: a repeat (a version not newer than the one held) is a duplicate whatever commits
        // next, as a held version only rises and a version's content never changes, so it neither waits for the row's
        // lock nor makes H2 store the lock's mark (a Smart-Grid resending what it sent writes nothing); anything else is
        // judged again on the row locked
        LeadRecord existing = ledger.findByEventId(eventId).orElse(null);
        Replay.Verdict verdict = replay.judge(existing, version, json);
        if (existing != null && verdict != Replay.Verdict.NOT_NEWER) {
            existing = ledger.lockById(existing.id()).orElse(null);
            verdict = replay.judge(existing, version, json);
        }
        switch (verdict) {
            case NEW -> {
                String inspector = lead.inspector().id();
                Business business = evaluation.business(lead);
                long id = ledger.insertValid(eventId, version, channel, origin, town,
                        inspector == null ? null : truncate(inspector, 64), text, business.placeKey(), lead.reportedAt());
                ledger.appendHistory(id, actor(channel), "RECEIVED", LeadState.RECEIVED, Detail.of(
                        origin == null ? "RECEIVED" : "RECEIVED_FROM",
                        "version " + version + " by " + channel + (origin == null ? "" : " (" + origin + ")"),
                        version, Detail.named("channel", channel), Detail.origin(origin)));
                return evaluate(id, lead, business, IntakeResult.Outcome.ACCEPTED, OffsetDateTime.now(clock));
            }
            case CONFLICT -> {
                return conflict(existing, json, text, channel, origin);
            }
            case NOT_NEWER -> {
                return new IntakeResult(IntakeResult.Outcome.DUPLICATE, eventId, eventId, existing.version(), existing.state(), null, null);
            }
            case NEW_VERSION -> {
                Business business = evaluation.business(lead);
                ledger.updateVersion(existing.id(), version, text, town, business.placeKey(), lead.reportedAt());
                ledger.appendHistory(existing.id(), actor(channel), "NEW_VERSION", existing.state(), Detail.of("NEW_VERSION",
                        "version " + existing.version() + " → " + version + " by " + channel + ": evaluated again",
                        existing.version(), version, Detail.named("channel", channel)));
                return evaluate(existing.id(), lead, business, IntakeResult.Outcome.UPDATED, existing.receivedAt());
            }
            default -> {
                ledger.raiseVersion(existing.id(), version, text, FLAG_VERSION_AFTER_DISPATCH, lead.reportedAt());
                ledger.appendHistory(existing.id(), actor(channel), FLAG_VERSION_AFTER_DISPATCH, existing.state(), Detail.of(
                        FLAG_VERSION_AFTER_DISPATCH, "version " + existing.version() + " → " + version + " by " + channel + " after case "
                                + existing.caseNo() + " was made: recorded on the lead, which stays " + existing.state()
                                + "; for the coordinator to look at",
                        existing.version(), version, Detail.named("channel", channel), existing.caseNo(), Detail.state(existing.state())));
                LOG.info("lead {} version {} arrived after dispatch: flagged for review", eventId, version);
                return new IntakeResult(IntakeResult.Outcome.UPDATED, eventId, eventId, version, existing.state(), null, null);
            }
        }
    }

    /**
     * The version held, with other content: the copy is kept for review beside the lead (cause CONFLICT),
     * the lead and what Smart-Grid is told stay as they are; a push answers 409.
     */
    private IntakeResult conflict(LeadRecord existing, JsonNode lead, String text, String channel, String origin) {
        String eventId = existing.eventId();
        FieldProblem problem = new FieldProblem("version", "version " + existing.version() + " of " + eventId
                + " is held already with other content: a changed lead needs a higher version");
        String errors = write(List.of(problem));
        long id = ledger.insertConflict(eventId, existing.version(), channel, origin, town(lead), sanitize(text), errors);
        ledger.appendHistory(id, actor(channel), "INVALID", LeadState.INVALID, Detail.of("CONFLICT_KEPT",
                "other content for version " + existing.version() + " of " + eventId + ": kept for review beside it",
                existing.version(), eventId));
        ledger.appendHistory(existing.id(), actor(channel), "CONFLICTING_COPY", existing.state(), Detail.of("CONFLICTING_COPY",
                "version " + existing.version() + " came again by " + channel + " with other content: kept as invalid-" + id,
                existing.version(), Detail.named("channel", channel), "invalid-" + id));
        LOG.warn("lead {} version {} came again by {} with other content: kept for review as invalid-{}", eventId,
                existing.version(), channel, id);
        InputRejection rejection = new InputRejection(409, "Conflicting version", List.of(problem));
        return new IntakeResult(IntakeResult.Outcome.CONFLICT, "invalid-" + id, eventId, existing.version(), LeadState.INVALID,
                rejection, null);
    }

    /** The lead's town code when it reads as one, else null. */
    private static String town(JsonNode lead) {
        JsonNode town = lead == null ? null : lead.path("grid").path("townCode");
        return town != null && town.isTextual() && town.asText().matches("[0-9]{9}") ? town.asText() : null;
    }

    /**
     * An input refused before it was read as a lead (a push that is not JSON in UTF-8: 415), kept as
     * INVALID with its problem, its text read in the charset it declared; its eventId and town kept when readable.
     */
    public IntakeResult refuse(byte[] body, java.nio.charset.Charset charset, String channel, String origin,
                               InputRejection rejection) {
        String text = new String(body, charset);
        JsonNode lead = null;
        try {
            JsonNode tree = json.readTree(text);
            lead = tree != null && tree.isObject() ? tree : null;
        } catch (JsonProcessingException e) {
            // not JSON either: kept as text
        }
        return keepInvalid(text, lead, channel, origin, rejection, null);
    }

    private IntakeResult evaluate(long id, Lead lead, Business business, IntakeResult.Outcome outcome,
                                  OffsetDateTime receivedAt) {
        LeadEvaluation.Evaluation result = evaluation.evaluateNew(id, lead, business, receivedAt,
                outcome == IntakeResult.Outcome.UPDATED);
        String eventId = lead.eventId();
        return new IntakeResult(outcome, eventId, eventId, lead.version(), result.state(), null,
                result.dispatchKey());
    }

    private IntakeResult keepInvalid(String text, JsonNode lead, String channel, String origin, InputRejection rejection,
                                     BatchLine line) {
        String eventId = lead == null ? null : textOrNull(lead.get("eventId"));
        Long version = lead != null && lead.path("version").canConvertToExactIntegral() && lead.path("version").canConvertToLong()
                ? lead.get("version").asLong() : null;
        String errors = write(rejection.problems());
        long id = transaction.execute(tx -> {
            long newId = ledger.insertInvalid(eventId, version, channel, origin, town(lead), sanitize(text), errors);
            ledger.appendHistory(newId, actor(channel), "INVALID", LeadState.INVALID, Detail.of("INVALID",
                    rejection.title() + ": " + errors, rejection.problems().size(), errors));
            if (eventId != null && EVENT_ID.matcher(eventId).matches()) {
                // Smart-Grid can only be told about a lead it can name.
                status.record(eventId, version, "REJECTED", null, null, null, summary(rejection));
            }
            return advanced(newId, line, true);
        });
        LOG.warn("input by {}{} kept as INVALID invalid-{}: {} ({} problem(s))", channel,
                origin == null ? "" : " (" + origin + ")", id, rejection.title(), rejection.problems().size());
        return new IntakeResult(IntakeResult.Outcome.INVALID, "invalid-" + id, eventId, version, LeadState.INVALID, rejection, null);
    }

    private static String summary(InputRejection rejection) {
        String all = rejection.problems().stream().map(p -> p.field() + ": " + p.problem())
                .reduce((a, b) -> a + "; " + b).orElse(rejection.title());
        return truncate(all, 500);
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? truncate(node.asText(), 200) : null;
    }

    /** Text a database can keep: no NUL characters. */
    private static String sanitize(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String actor(String channel) {
        return "smart-grid:" + (channel == null ? "UNKNOWN" : channel.toLowerCase());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
