package io.leadbridge.support;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import java.util.Map;

/**
 * The standalone Artemis broker the tests run against when {@code bridge.test.broker} names one
 * (the {@code postgres} Maven profile, which .ci/run uses after starting one made by .ci/broker):
 * the bridge then connects to it as in the cluster profile instead of embedding its own.
 * Test contexts share it one after the other (the profile keeps one context at a time), so each
 * new context starts with every queue emptied.
 */
public final class StandaloneBroker {

    public static final String URL = System.getProperty("bridge.test.broker", "");
    public static final String USER = "bridge";
    public static final String PASSWORD = "bridge";

    private StandaloneBroker() {
    }

    public static boolean enabled() {
        return !URL.isBlank();
    }

    /** Spring settings for the standalone broker, emptied first; none when the tests embed the broker. */
    public static Map<String, Object> freshBrokerSettings() {
        if (!enabled()) {
            return Map.of();
        }
        purge(URL);
        return settings(URL);
    }

    public static Map<String, Object> settings(String url) {
        return Map.of("spring.artemis.mode", "native", "spring.artemis.broker-url", url,
                "spring.artemis.user", USER, "spring.artemis.password", PASSWORD,
                "spring.artemis.embedded.enabled", "false");
    }

    /** Removes every message from every queue of the broker at url, through its management address. */
    public static void purge(String url) {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(USER, PASSWORD, false, true, true, false, 1);
             ClientRequestor requestor = new ClientRequestor(session, "activemq.management")) {
            session.start();
            for (Object queue : (Object[]) invoke(session, requestor, ResourceNames.BROKER, "getQueueNames")) {
                if (!queue.toString().startsWith("activemq.")) {
                    invoke(session, requestor, ResourceNames.QUEUE + queue, "removeAllMessages");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot empty the queues of the broker at " + url + ": " + e.getMessage(), e);
        }
    }

    private static Object invoke(ClientSession session, ClientRequestor requestor, String resource, String operation)
            throws Exception {
        ClientMessage message = session.createMessage(false);
        ManagementHelper.putOperationInvocation(message, resource, operation);
        ClientMessage reply = requestor.request(message, 10_000);
        if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException(resource + " " + operation + " failed"
                    + (reply == null ? ": no answer" : ": " + ManagementHelper.getResult(reply)));
        }
        return ManagementHelper.getResult(reply);
    }
}
