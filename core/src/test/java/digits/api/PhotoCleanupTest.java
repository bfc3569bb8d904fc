package digits.api;

import digits.data.Dataset;
import digits.data.render.Condition;
import digits.testing.Mnist;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The photo cleanup's ink maps of real MNIST test digits rendered as photos. */
class PhotoCleanupTest {
    private static final Mnist.Digits DIGITS = Mnist.test(400);
    private static final Dataset TEST = new Dataset("mnist-test", DIGITS.pixels(), DIGITS.labels());

    private static PhotoCleanup.InkMap clean(BufferedImage picture) {
        return PhotoCleanup.clean(ImagePreprocessor.grayscale(picture, "picture"), picture.getWidth(), picture.getHeight());
    }

    /** 8-connected blobs of ink. */
    private static int pieces(PhotoCleanup.InkMap map) {
        int w = map.width(), h = map.height();
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h];
        int pieces = 0;
        for (int start = 0; start < seen.length; start++) {
            if (map.ink()[start] == 0 || seen[start]) continue;
            pieces++;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int i = stack[--top];
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = i % w + dx, y = i / w + dy;
                        if (x < 0 || y < 0 || x >= w || y >= h) continue;
                        int n = y * w + x;
                        if (map.ink()[n] > 0 && !seen[n]) {
                            seen[n] = true;
                            stack[top++] = n;
                        }
                    }
                }
            }
        }
        return pieces;
    }

    @Test
    void aStraightStrokeIsNotTakenForARuledLine() {
        // A 1 written with a marker, or a clean digit that fills its picture, projects like a ruled line (it covers
        // more than half the picture's height) but is a wide band, not a thin peak: it must stay one piece.
        int[] ones = IntStream.range(0, TEST.size()).filter(i -> TEST.label(i) == 1).limit(40).toArray();
        for (Condition c : new Condition[]{Condition.PHOTO_THICK, Condition.CLEAN}) {
            long whole = IntStream.of(ones).filter(i -> pieces(clean(c.picture(TEST, i, 1))) == 1).count();
            assertThat(whole).as(c.key() + ": 1s left in one piece of %d", ones.length).isGreaterThanOrEqualTo(ones.length * 9L / 10);
        }
    }
}
