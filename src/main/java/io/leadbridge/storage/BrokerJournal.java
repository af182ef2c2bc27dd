package io.leadbridge.storage;

import org.apache.activemq.artemis.core.journal.Journal;
import org.apache.activemq.artemis.core.journal.impl.JournalFile;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.persistence.impl.journal.AbstractJournalStorageManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Gives the embedded broker's journal back to its floor once its queues have drained (storage issue, point 1).
 * Artemis frees a journal file when every record in it is deleted, counting the deletes of every file but the one
 * it is writing; it looks only when it moves on to a new file. After a backlog the acknowledgements of the last
 * messages sit in the file being written, so a quiet broker never looks again and keeps every file of the backlog
 * (112 MB against a floor of 32 MB after the 50,000-lead soak; the files held no live record,
 * {@code DescribeJournal} showed). This pass, from the timer route {@code broker-journal-tidy}, moves the
 * journal on to its next file when files besides the one being written are kept, nothing was written for a whole
 * period (a busy broker moves on by itself and frees its files as it goes), and something was written since its
 * own last move (else the move would free nothing new). Artemis then frees every file whose records are all
 * deleted, as after any move. A record still live in an early file (a message kept on the DLQ, a page cursor's
 * position after paging) holds that file and every later one with deletes of its other records: after a 50,000-lead
 * soak whose feedback went to paging, 72-82 MB stayed against a floor of 22 MB, two cursor records alive in them. When
 * files are still kept after the move, the pass compacts the quiet journal (Artemis compacts by itself only from ten
 * files): the live records are written anew and the files freed.
 *
 * <p>Nothing to do with an external broker (no embedded one).
 */
@Component("brokerJournal")
public class BrokerJournal {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerJournal.class);
    private static final int COMPACT_TIMEOUT_SECONDS = 60;

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    /** Where the journal was writing at the last pass, and just after this pass's own last move (-1: none). */
    private long fileAtLastPass = -1;
    private long positionAtLastPass = -1;
    private long fileAfterMove = -1;
    private long positionAfterMove = -1;

    public BrokerJournal(ObjectProvider<EmbeddedActiveMQ> broker) {
        this.broker = broker;
    }

    /** One pass: answers whether the journal was moved on to free the files of a drained backlog. */
    public synchronized boolean tidy() throws Exception {
        if (!(messageJournal() instanceof JournalImpl journal) || journal.getCurrentFile() == null) {
            return false;
        }
        JournalFile writing = journal.getCurrentFile();
        long file = writing.getFileID();
        long position = writing.getFile().position();
        boolean quiet = file == fileAtLastPass && position == positionAtLastPass;
        boolean writtenSinceMove = file != fileAfterMove || position != positionAfterMove;
        fileAtLastPass = file;
        positionAtLastPass = position;
        int kept = journal.getDataFilesCount();
        if (!quiet || !writtenSinceMove || kept == 0) {
            return false;
        }
        journal.forceMoveNextFile();
        journal.checkReclaimStatus(); // a forced move does not look for files to free by itself
        int left = journal.getDataFilesCount();
        if (left > 0) {
            // a record kept in an early file holds it, and every later file with deletes of its other records: only a
            // compaction (Artemis's own starts at 10 files) writes the kept records anew and frees them; quiet, it is small
            journal.scheduleCompactAndBlock(COMPACT_TIMEOUT_SECONDS);
        }
        fileAfterMove = fileAtLastPass = journal.getCurrentFile().getFileID();
        positionAfterMove = positionAtLastPass = journal.getCurrentFile().getFile().position();
        LOG.info("broker journal: quiet with {} file(s) kept besides the one written: moved on to a new file, so that"
                + " Artemis frees those that hold no message{}", kept,
                left > 0 ? "; " + left + " still held by kept records: compacted, " + journal.getDataFilesCount() + " left" : "");
        return true;
    }

    /** The embedded broker's message journal, or null (no embedded broker, or not started). */
    Journal messageJournal() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null || !server.isActive() || !(server.getStorageManager() instanceof AbstractJournalStorageManager storage)) {
            return null;
        }
        return storage.getMessageJournal();
    }
}
