package digits.serve;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-page write tokens: fresh for each page, accepted while kept, bounded in number and age. */
class PageTokensTest {
    @Test
    void everyPageGetsAFreshTokenThatIsAcceptedWhileKept() {
        PageTokens tokens = new PageTokens();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 50; i++) issued.add(tokens.issue());
        assertThat(new HashSet<>(issued)).hasSize(50);
        assertThat(issued).allMatch(t -> t.matches("[0-9a-f]{48}"));
        assertThat(issued).allMatch(tokens::accepts);
        assertThat(tokens.accepts(issued.get(0).substring(1) + "0")).isFalse();
        assertThat(tokens.accepts(issued.get(0).substring(0, 47))).isFalse();
        assertThat(tokens.accepts(issued.get(0) + "0")).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(issued.get(0).toUpperCase())).isFalse();
    }

    @Test
    void theOldestTokensGoFirstSoMemoryStaysBounded() {
        PageTokens tokens = new PageTokens();
        String first = tokens.issue();
        List<String> later = new ArrayList<>();
        for (int i = 0; i < PageTokens.MAX_TOKENS + 500; i++) later.add(tokens.issue());
        assertThat(tokens.size()).isEqualTo(PageTokens.MAX_TOKENS);
        assertThat(tokens.accepts(first)).isFalse();
        assertThat(tokens.accepts(later.get(499))).as("the 1,001st newest").isFalse();
        assertThat(tokens.accepts(later.get(500))).as("the 1,000th newest").isTrue();
        assertThat(tokens.accepts(later.get(later.size() - 1))).isTrue();
    }

    @Test
    void tokensOlderThanTheMaximumAgeAreRefusedAndDropped() throws InterruptedException {
        PageTokens tokens = new PageTokens(10, Duration.ofMillis(1));
        String old = tokens.issue();
        Thread.sleep(20); // past the 1 ms age (System.nanoTime only grows)
        assertThat(tokens.accepts(old)).isFalse();
        assertThat(tokens.size()).isZero();
        assertThatThrownBy(() -> new PageTokens(0, Duration.ofHours(1))).hasMessage("max must be at least 1, got 0");
    }
}
