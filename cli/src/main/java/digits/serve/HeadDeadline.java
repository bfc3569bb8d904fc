package digits.serve;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 connections with a total deadline for the request head (request line and headers), against slowloris
 * clients: Jetty's idle timeout restarts with every byte, so a client sending one header line every few seconds would
 * hold a connection (and, with many, all of them) forever.
 *
 * <p>The deadline starts when the connection is ready for a request: when it opens, and again when a response is
 * complete and the connection is kept for the next request. When the headers are complete in time the deadline is
 * cancelled; when it passes first the connection is closed without an answer. So a connection that sends nothing, one
 * that dribbles its headers, and a kept-alive connection left idle are all closed after the deadline. The body is
 * covered by the connector's idle timeout and by {@link BoundedBody}'s total deadline.
 */
final class HeadDeadline extends HttpConnectionFactory {
    private final long deadlineMillis;

    HeadDeadline(HttpConfiguration config, Duration deadline) {
        super(config);
        this.deadlineMillis = deadline.toMillis();
        if (deadlineMillis < 1) throw new IllegalArgumentException("the request head deadline must be positive, got " + deadline);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        DeadlineConnection connection = new DeadlineConnection(getHttpConfiguration(), connector, endPoint,
                isRecordHttpComplianceViolations(), connector.getScheduler(), deadlineMillis);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    private static final class DeadlineConnection extends HttpConnection {
        /** Marks a connection whose deadline passed; any other value is the token of the deadline now running. */
        private static final Object EXPIRED = new Object();

        private final Scheduler scheduler;
        private final long deadlineMillis;
        /** The token of the armed deadline, {@link #EXPIRED}, or null while a request is being handled. */
        private final AtomicReference<Object> waiting = new AtomicReference<>();
        private volatile Scheduler.Task task;

        DeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, boolean recordViolations,
                           Scheduler scheduler, long deadlineMillis) {
            super(config, connector, endPoint, recordViolations);
            this.scheduler = scheduler;
            this.deadlineMillis = deadlineMillis;
        }

        @Override
        protected HttpChannelOverHttp newHttpChannel() {
            // Called from HttpConnection's constructor: only the connection's methods may be used here, not its fields.
            return new HttpChannelOverHttp(this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
                @Override
                public boolean headerComplete() {
                    headReceived();
                    return super.headerComplete();
                }
            };
        }

        @Override
        public void onOpen() {
            arm();
            super.onOpen();
        }

        @Override
        public void onCompleted() {
            // Before super: it may already start parsing a pipelined request, whose headerComplete must come after.
            arm();
            super.onCompleted();
        }

        @Override
        public void onClose(Throwable cause) {
            waiting.set(null);
            cancel();
            super.onClose(cause);
        }

        private void arm() {
            Object token = new Object();
            waiting.set(token);
            cancel();
            task = scheduler.schedule(() -> expire(token), deadlineMillis, TimeUnit.MILLISECONDS);
        }

        private void expire(Object token) {
            if (waiting.compareAndSet(token, EXPIRED)) getEndPoint().close();
        }

        private void headReceived() {
            // If the deadline has just passed, the connection is closing: the request's answer goes nowhere.
            waiting.set(null);
            cancel();
        }

        private void cancel() {
            Scheduler.Task running = task;
            if (running != null) running.cancel();
        }
    }
}
