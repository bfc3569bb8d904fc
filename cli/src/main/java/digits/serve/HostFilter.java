package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses, with 421 and a JSON error, every request whose {@code Host} header (or absolute request URI) names a host
 * this server does not answer to ({@link HostNames}). It wraps all of Jetty's handlers, so no route, present or future,
 * sees such a request.
 */
final class HostFilter extends HandlerWrapper {
    static final int MISDIRECTED = 421;

    private final HostNames hosts;
    private final ObjectMapper mapper;

    HostFilter(HostNames hosts, ObjectMapper mapper) {
        this.hosts = hosts;
        this.mapper = mapper;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String refusal = refusal(baseRequest);
        if (refusal == null) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        baseRequest.setHandled(true);
        response.setStatus(MISDIRECTED);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("utf-8");
        response.getOutputStream().write(mapper.writeValueAsBytes(Map.of("error", refusal)));
    }

    /** Why the request is refused, or null when it names an allowed host. */
    private String refusal(Request request) {
        List<String> values = request.getHttpFields().getValuesList(HttpHeader.HOST);
        if (values.size() != 1) {
            return values.isEmpty() ? "missing Host header" : "more than one Host header";
        }
        String host = values.get(0);
        String uriHost = request.getHttpURI().getHost();
        if (!hosts.allows(host)) return refused(host);
        if (uriHost != null && !uriHost.isEmpty() && !hosts.allows(uriHost)) return refused(uriHost);
        return null;
    }

    private String refused(String host) {
        String printable = host.replaceAll("[^\\p{Print}]", "?");
        return "host '" + Messages.abbreviate(printable) + "' is not served here; this server answers to "
                + String.join(", ", hosts.names()) + " (start it with --allowed-host NAME to add a name)";
    }
}
