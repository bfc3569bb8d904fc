package digits.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The recipes behind the README's accuracy-per-time results, as {@code --recipe} texts (see docs/benchmark.md). */
public final class Recipes {
    private Recipes() {}

    /** The quickest recipe to 99.0%: one epoch of the default network in small batches (times: docs/benchmark.md). */
    public static final String ONE_EPOCH = "model=quick-cnn,epochs=1,batch-size=64,lr=0.01,label-smoothing=0.1,"
            + "lr-schedule=onecycle:pct=0.2,val-split=0";

    /**
     * 99.0% as fast as possible: the one-epoch recipe in batches of 128, which take a third less time per epoch, over the
     * first 56,000 training digits, straightened (deskew); batches, rate, digits and deskew chosen on held-out training
     * digits (docs/benchmark.md, "Accuracy records").
     */
    public static final String EIGHT_SECONDS = "model=quick-cnn,epochs=1,batch-size=128,lr=0.01,label-smoothing=0.1,"
            + "lr-schedule=onecycle:pct=0.2,val-split=0,limit=56000,deskew=true";

    /**
     * 99.5% within a minute: the two-minutes recipe cut to as many epochs as a minute holds (the schedule spans them),
     * 7 since the channels-last gradients; 7 against 6 chosen on held-out training digits (docs/benchmark.md).
     */
    public static final String ONE_MINUTE = "model=quick-cnn,epochs=7,augment=default,label-smoothing=0.1,val-split=0";

    /** 99.5% within about two minutes: the default network with augmentation. */
    public static final String TWO_MINUTES = "model=quick-cnn,epochs=12,augment=default,label-smoothing=0.1,val-split=0";

    /**
     * The best single model within ten minutes: the wider network, 25 augmented epochs, each test image read with its 8
     * one-pixel shifts; the shifts (against none, against the 17 views, and against training with elastic bends) were
     * chosen on training digits held out of the run (docs/benchmark.md, "Accuracy records").
     */
    public static final String TEN_MINUTES = "model=wide-cnn,epochs=25,augment=default,label-smoothing=0.1,val-split=0,"
            + "tta=shifts";

    /**
     * One ensemble member: wide-cnn for 24 augmented epochs with elastic bends, which make members that err on
     * different digits (docs/benchmark.md, "Ensemble runs, member by member").
     */
    public static final String ENSEMBLE_MEMBER = "model=wide-cnn,epochs=24,augment=default,elastic=1.5,label-smoothing=0.1,"
            + "val-split=0";

    /** The recipes by the names {@code --recipe} accepts. */
    public static final Map<String, String> NAMED = named();

    private static Map<String, String> named() {
        Map<String, String> named = new LinkedHashMap<>(); // in this order in help and error messages
        named.put("one-epoch", ONE_EPOCH);
        named.put("eight-seconds", EIGHT_SECONDS);
        named.put("one-minute", ONE_MINUTE);
        named.put("two-minutes", TWO_MINUTES);
        named.put("ten-minutes", TEN_MINUTES);
        named.put("ensemble-member", ENSEMBLE_MEMBER);
        return Collections.unmodifiableMap(named);
    }
}
