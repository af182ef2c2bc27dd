package io.leadbridge.config;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.reader.MapMessageUtil;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * A broker plugin of the embedded broker: a text or map message whose body cannot be read (a core text message
 * with no body, as Artemis's command-line producer can send) would fail in every JMS consumer before it reaches
 * the application: the Artemis client rolls it back without counting a delivery, so it stays on the queue for
 * good, and logs AMQ212058 with a stack trace at every try. On the addresses given, such a message is turned into
 * a bytes message as it is sent, with its body as it came, and the property {@value #PROPERTY} saying why, so the
 * consumer can keep it for review. Logged once, here.
 */
public final class UnreadableMessages implements ActiveMQServerMessagePlugin {

    /** The property an unreadable message gets: why it could not be read. */
    public static final String PROPERTY = "leadBridgeUnreadable";

    private static final Logger log = LoggerFactory.getLogger(UnreadableMessages.class);

    private final Set<String> addresses;

    public UnreadableMessages(Set<String> addresses) {
        this.addresses = Set.copyOf(addresses);
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue) {
        if (!(message instanceof ICoreMessage core) || message.isLargeMessage() || !addresses.contains(message.getAddress())) {
            return;
        }
        String why = why(core);
        if (why != null) {
            // the type first: setting a property re-encodes the header, the type with it
            core.setType(Message.BYTES_TYPE);
            core.putStringProperty(PROPERTY, why);
            log.warn("A message on {} cannot be read ({}): handed on as bytes to be kept for review", message.getAddress(), why);
        }
    }

    /** Why a JMS consumer could not read this message's body, or null if it can. */
    static String why(ICoreMessage message) {
        byte type = message.getType();
        if (type != Message.TEXT_TYPE && type != Message.MAP_TYPE) {
            return null; // bytes, stream, object and plain messages are read lazily or not at all
        }
        ActiveMQBuffer body = message.getReadOnlyBodyBuffer();
        int size = body.readableBytes();
        try {
            if (type == Message.TEXT_TYPE) {
                TextMessageUtil.readBodyText(body);
            } else {
                MapMessageUtil.readBodyMap(body);
            }
            return null;
        } catch (RuntimeException unreadable) {
            return (type == Message.TEXT_TYPE ? "a text message" : "a map message") + " whose body cannot be read ("
                    + size + " bytes): " + unreadable.getClass().getSimpleName();
        }
    }
}
