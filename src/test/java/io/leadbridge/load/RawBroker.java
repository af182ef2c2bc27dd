package io.leadbridge.load;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The broker's own durable rate, on the bridge's broker and connection factory: one producer and
 * one consumer through a queue of its own, with messages the size of a lead. Transacted: a commit
 * per message on both sides. Async: persistent sends that do not wait (JMS 2 completion listener),
 * auto-acknowledged receives.
 */
final class RawBroker {

    private static final String BODY = "x".repeat(1200);

    private RawBroker() {
    }

    static LoadHarness.Result transacted(ConnectionFactory factory, int n) throws Exception {
        ExecutorService consumerThread = Executors.newSingleThreadExecutor();
        try (Connection producing = factory.createConnection(); Connection consuming = factory.createConnection()) {
            Session in = consuming.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = in.createConsumer(in.createQueue("load.raw.tx"));
            consuming.start();
            Session out = producing.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = out.createProducer(out.createQueue("load.raw.tx"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            LoadHarness.peakHeapMb();
            long start = System.nanoTime();
            Future<Integer> received = consumerThread.submit(() -> {
                int got = 0;
                while (got < n && consumer.receive(30_000) != null) {
                    in.commit();
                    got++;
                }
                return got;
            });
            for (int i = 0; i < n; i++) {
                producer.send(out.createTextMessage(BODY));
                out.commit();
            }
            int got = received.get();
            return new LoadHarness.Result("broker transacted", n, (System.nanoTime() - start) / 1e9, Double.NaN, Double.NaN,
                    Double.NaN, n - got, LoadHarness.peakHeapMb());
        } finally {
            consumerThread.shutdownNow();
        }
    }

    static LoadHarness.Result async(ConnectionFactory factory, int n) throws Exception {
        try (JMSContext producing = factory.createContext(); JMSContext consuming = factory.createContext()) {
            Queue queue = producing.createQueue("load.raw.async");
            CountDownLatch got = new CountDownLatch(n);
            consuming.createConsumer(queue).setMessageListener(m -> got.countDown());
            CountDownLatch sent = new CountDownLatch(n);
            var producer = producing.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    sent.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    throw new IllegalStateException(exception);
                }
            });
            LoadHarness.peakHeapMb();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(queue, BODY);
            }
            boolean all = got.await(120, TimeUnit.SECONDS) && sent.await(10, TimeUnit.SECONDS);
            return new LoadHarness.Result("broker async", n, (System.nanoTime() - start) / 1e9, Double.NaN, Double.NaN,
                    Double.NaN, all ? 0 : got.getCount(), LoadHarness.peakHeapMb());
        }
    }
}
