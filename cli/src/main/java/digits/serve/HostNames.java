package digits.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names a server answers to, against DNS rebinding: a page on {@code http://attacker.example/} whose name
 * the attacker re-points at 127.0.0.1 can make the browser send requests to this server, but the browser still says
 * {@code Host: attacker.example}. Only the names here are answered.
 *
 * <p>Names are compared case-insensitively and without the port; IPv6 literals in their canonical form, with or
 * without brackets. Nothing here looks a name up in DNS.
 */
public final class HostNames {
    /** DNS labels (letters, digits, '-', '_' as Docker and some LANs use), dot-separated; or an IPv4 literal. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");

    private final Set<String> allowed;

    private HostNames(Set<String> allowed) {
        this.allowed = Collections.unmodifiableSet(new LinkedHashSet<>(allowed));
    }

    /**
     * The names a server bound to {@code boundHost} answers to: the bound address itself; {@code localhost},
     * {@code 127.0.0.1} and {@code [::1]} when it is a loopback or wildcard address (the machine can reach it
     * through the loopback interface); and {@code extra}.
     *
     * @throws IllegalArgumentException when an extra name is not a host name
     */
    static HostNames forServer(String boundHost, Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        String bound = normalizeOrNull(boundHost);
        if (bound != null) names.add(bound);
        if (reachableThroughLoopback(boundHost)) names.addAll(LOOPBACK);
        for (String name : extra) names.add(normalize(name));
        return new HostNames(names);
    }

    /**
     * A host name as given to {@code --allowed-host}, in the form compared: lower case, IPv6 without brackets and
     * canonical.
     *
     * @throws IllegalArgumentException when it is not a host name (a port, a scheme, a path, spaces, ...)
     */
    public static String normalize(String name) {
        String normal = normalizeOrNull(name);
        if (normal == null) {
            throw new IllegalArgumentException("'" + Messages.abbreviate(name) + "' is not a host name (give a name or an "
                    + "IP address without a port, e.g. digits.example.org, 192.168.1.20, [fd00::1])");
        }
        return normal;
    }

    /** Whether the value of a Host header ({@code name}, {@code name:port}, {@code [v6]}, {@code [v6]:port}) names this server. */
    boolean allows(String hostHeader) {
        if (hostHeader == null) return false;
        String value = hostHeader.strip();
        String name;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !isPortOrNothing(value.substring(close + 1))) return false;
            name = value.substring(0, close + 1);
        } else {
            int colon = value.indexOf(':');
            if (colon >= 0 && !isPortOrNothing(value.substring(colon))) return false;
            name = colon < 0 ? value : value.substring(0, colon);
        }
        String normal = normalizeOrNull(name);
        return normal != null && allowed.contains(normal);
    }

    /** The names, as a client writes them in a URL (IPv6 in brackets), for messages. */
    public Set<String> names() {
        Set<String> shown = new LinkedHashSet<>();
        for (String name : allowed) shown.add(name.contains(":") ? "[" + (name.equals("0:0:0:0:0:0:0:1") ? "::1" : name) + "]" : name);
        return shown;
    }

    /** "" or ":" followed by 1 to 5 ASCII digits. */
    private static boolean isPortOrNothing(String suffix) {
        if (suffix.isEmpty()) return true;
        if (suffix.charAt(0) != ':' || suffix.length() < 2 || suffix.length() > 6) return false;
        for (int i = 1; i < suffix.length(); i++) if (suffix.charAt(i) < '0' || suffix.charAt(i) > '9') return false;
        return true;
    }

    private static String normalizeOrNull(String name) {
        if (name == null) return null;
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            String inside = lower.substring(1, lower.length() - 1);
            return inside.indexOf(':') >= 0 ? ipv6(inside) : null; // brackets hold IPv6 literals only
        }
        if (lower.isEmpty()) return null;
        if (lower.indexOf(':') >= 0) return ipv6(lower);
        return NAME.matcher(lower).matches() && lower.length() <= 253 ? lower : null;
    }

    /** The canonical form of an IPv6 literal, or null; a string with a colon is only ever parsed, never looked up. */
    private static String ipv6(String literal) {
        if (!literal.matches("[0-9a-f:.]+")) return null; // no zone ids, nothing a resolver could take for a name
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean reachableThroughLoopback(String boundHost) {
        try {
            InetAddress address = InetAddress.getByName(boundHost);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
