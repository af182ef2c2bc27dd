package io.leadbridge.storage;

import io.leadbridge.support.BridgeTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The broker's journal goes back to its floor once a backlog has drained (storage issue, point 1): a backlog of
 * some 30 MB is put on a queue and taken off again; Artemis alone keeps its files (the acknowledgements are in the
 * file it is writing, and it looks for files to free only when it moves on to a new one); the journal pass gives
 * them back once the broker is quiet.
 */
@BridgeTest
class BrokerJournalTest {

    @Autowired
    BrokerJournal journal;
    @Autowired
    ConnectionFactory jms;

    @Test
    void theFilesOfADrainedBacklogAreGivenBack() throws Exception {
        assumeTrue(journal.messageJournal() != null, "the embedded broker's journal (a standalone broker, as in CI's second part,"
                + " keeps its own)");
        JournalImpl files = (JournalImpl) journal.messageJournal();
        int before = files.getDataFilesCount();
        backlogThrough("journal.test");
        // a pass acts once nothing was written for a whole period: the first passes see the last writes
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            journal.tidy();
            assertThat(files.getDataFilesCount()).as("journal files kept after the passes").isLessThanOrEqualTo(before);
        });
        assertThat(journal.tidy()).as("nothing written since: no move").isFalse();
    }

    /**
     * One message kept (a lead's case on the DLQ, a page cursor's position after paging) in a file ahead of a drained
     * backlog: that file cannot be freed, and neither can the files after it that hold the deletes of its other records,
     * so a move alone gave nothing back (72-82 MB against a floor of 22 MB after a 50,000-lead soak whose feedback was
     * paged). The pass then compacts the quiet journal: the kept record is written anew and the files are freed.
     */
    @Test
    void aMessageKeptAheadOfADrainedBacklogDoesNotHoldItsFiles() throws Exception {
        assumeTrue(journal.messageJournal() != null, "the embedded broker's journal");
        JournalImpl files = (JournalImpl) journal.messageJournal();
        int before = files.getDataFilesCount();
        try (Connection connection = jms.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            session.createProducer(session.createQueue("journal.kept")).send(session.createTextMessage("留存"));
            session.commit();
        }
        backlogThrough("journal.test.kept");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            journal.tidy();
            assertThat(files.getDataFilesCount()).as("journal files kept after the passes").isLessThanOrEqualTo(before + 1);
        });
        try (Connection connection = jms.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message kept = session.createConsumer(session.createQueue("journal.kept")).receive(5_000);
            assertThat(kept).as("the kept message is still there").isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) kept).getText()).isEqualTo("留存");
        }
    }

    /** Some 30 MB put on the queue and taken off again; Artemis alone keeps the files it took. */
    private void backlogThrough(String name) throws Exception {
        JournalImpl files = (JournalImpl) journal.messageJournal();
        int before = files.getDataFilesCount();
        String body = "积压".repeat(250); // about 1 KB a message once encoded
        try (Connection connection = jms.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = session.createQueue(name);
            MessageProducer producer = session.createProducer(queue);
            for (int i = 1; i <= 30_000; i++) {
                producer.send(session.createTextMessage(body));
                if (i % 1_000 == 0) {
                    session.commit();
                }
            }
            assertThat(files.getDataFilesCount()).as("the backlog's journal files").isGreaterThanOrEqualTo(before + 2);
            MessageConsumer consumer = session.createConsumer(queue);
            int taken = 0;
            while (consumer.receive(2_000) != null) {
                if (++taken % 1_000 == 0) {
                    session.commit();
                }
            }
            session.commit();
            assertThat(taken).isEqualTo(30_000);
        }
        assertThat(files.getDataFilesCount()).as("Artemis alone keeps the drained backlog's files").isGreaterThanOrEqualTo(before + 2);
    }
}
