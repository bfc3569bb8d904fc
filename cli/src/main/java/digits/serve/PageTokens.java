package digits.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * The write tokens of the pages this server sent: each page load gets a fresh random token, and a write must carry one
 * that was issued and is still kept. Memory is bounded: at most {@code max} tokens, none older than {@code maxAge}; the
 * oldest goes first. A token is checked against every kept one in constant time (no early exit), so the answer's
 * timing tells nothing about how much of a guess was right.
 */
final class PageTokens {
    /** The last this many page loads can write. */
    static final int MAX_TOKENS = 1_000;
    /** A page left open longer than this must be reloaded before it can write. */
    static final Duration MAX_AGE = Duration.ofHours(24);
    /** Random bytes per token (48 hex digits). */
    static final int TOKEN_BYTES = 24;

    private record Issued(byte[] token, long nanos) {}

    private final int max;
    private final long maxAgeNanos;
    private final SecureRandom random = new SecureRandom();
    /** Oldest first. */
    private final ArrayDeque<Issued> issued = new ArrayDeque<>();

    PageTokens() {
        this(MAX_TOKENS, MAX_AGE);
    }

    PageTokens(int max, Duration maxAge) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1, got " + max);
        this.max = max;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** A fresh token for one page load; the oldest kept token goes when there are {@code max} already. */
    synchronized String issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        long now = System.nanoTime();
        evictExpired(now);
        while (issued.size() >= max) issued.removeFirst();
        issued.addLast(new Issued(token.getBytes(StandardCharsets.US_ASCII), now));
        return token;
    }

    /** Whether {@code given} is a kept token (issued, not evicted, not too old). */
    synchronized boolean accepts(String given) {
        evictExpired(System.nanoTime());
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (Issued i : issued) found |= MessageDigest.isEqual(bytes, i.token());
        return found;
    }

    /** How many tokens are kept now. */
    synchronized int size() {
        evictExpired(System.nanoTime());
        return issued.size();
    }

    private void evictExpired(long now) {
        while (!issued.isEmpty() && now - issued.peekFirst().nanos() > maxAgeNanos) issued.removeFirst();
    }
}
