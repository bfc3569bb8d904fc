package digits.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a new network's convolution and dense weights start. The choice matters for short runs: the one-epoch recipe
 * reaches less with {@link #GLOROT} than with {@link #FAN_IN} (docs/benchmark.md, "Parity with PyTorch").
 */
public enum Initialization {
    /** DJL's default: Xavier/Glorot uniform weights, zero biases. */
    GLOROT("glorot"),
    /**
     * PyTorch's default for {@code nn.Conv2d} and {@code nn.Linear} (Kaiming uniform with a = sqrt(5)): weights and
     * biases uniform in +-1/sqrt(fan_in), fan_in being the inputs of one output unit.
     */
    FAN_IN("fan-in");

    private final String label;

    Initialization(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Initialization::label).toList();
    }

    public static Initialization parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Initialization i : values()) {
            if (i.label.equals(t)) return i;
        }
        throw new IllegalArgumentException("unknown initialisation '" + text + "': use one of " + String.join(", ", labels()));
    }

    /** Sets a convolution's or dense layer's initialisers; {@code fanIn} is the inputs of one of its output units. */
    void apply(Block block, long fanIn) {
        if (this == GLOROT) return;
        float bound = (float) (1 / Math.sqrt(fanIn));
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    }
}
