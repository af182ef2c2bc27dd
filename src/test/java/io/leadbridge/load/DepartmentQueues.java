package io.leadbridge.load;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.util.List;

/** Plays the departments: a consumer on every department queue (css.dept.CODE) noting each case's arrival. */
final class DepartmentQueues implements AutoCloseable {

    private static final String SOURCE_ID = "\"source_id\":\"";
    final Arrivals arrivals = new Arrivals();
    private final Connection connection;
    /** What else a department does with a case once it is counted (the soak answers it). */
    private volatile java.util.function.Consumer<Message> then = message -> { };

    private DepartmentQueues(Connection connection) {
        this.connection = connection;
    }

    static DepartmentQueues listen(ConnectionFactory factory, java.util.Collection<String> departments) throws JMSException {
        DepartmentQueues queues = new DepartmentQueues(factory.createConnection());
        for (String dept : departments) {
            Session session = queues.connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("css.dept." + dept)).setMessageListener(queues::onCase);
        }
        queues.connection.start();
        return queues;
    }

    private void onCase(Message message) {
        try {
            if (!"CASE".equals(message.getStringProperty("MessageKind"))) {
                return; // a notice about a case (ADDENDUM, URGE), not a case
            }
            String body = ((TextMessage) message).getText();
            int at = body.indexOf(SOURCE_ID);
            arrivals.arrived(at < 0 ? null : body.substring(at + SOURCE_ID.length(), body.indexOf('"', at + SOURCE_ID.length())));
            then.accept(message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    void then(java.util.function.Consumer<Message> action) {
        then = action;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
