package digits.bench;

/** The recipes behind the README's accuracy-per-time results, as {@code --recipe} texts (see docs/benchmark.md). */
public final class Recipes {
    private Recipes() {}

    /** One ensemble member: a single model that trains for about a quarter of an hour on 2 cores. */
    public static final String ENSEMBLE_MEMBER = "model=mid-cnn,epochs=20,augment=default,label-smoothing=0.1,val-split=0";
}
