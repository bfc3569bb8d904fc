package digits.bench;

import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.MnistFiles;
import digits.train.TrainingData;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeTest {

    @Test
    void anEmptyRecipeIsTrainWithItsDefaults() {
        Recipe r = Recipe.parse("");
        assertThat(r.request()).isEqualTo(TrainingRequest.defaults());
        assertThat(r.request().get(TrainingSettings.MODEL)).isEqualTo("quick-cnn");
        assertThat(r.request().valSplit()).isEqualTo(0.1);
        assertThat(r.request().limit()).isNull();
        assertThat(r.modelName()).isEqualTo("quick-cnn");
    }

    @Test
    void keysAreTrainOptionsWithoutDashesAndValuesMayHoldCommas() {
        Recipe r = Recipe.parse("model=mlp, hidden=256,128 ,epochs=3,lr=0.003,schedule=onecycle,batch=64,optimizer=SGD,"
                + "momentum=0.9,nesterov=true,weight-decay=1e-4,label-smoothing=0.1,val-split=0,seed=7,limit=5000");
        TrainingRequest c = r.request();
        assertThat(r.request().get(TrainingSettings.HIDDEN)).isEqualTo("256,128");
        assertThat(r.spec().toString()).isEqualTo("256-128-10");
        assertThat(r.modelName()).isEqualTo("mlp-256-128");
        assertThat(c.epochs()).isEqualTo(3);
        assertThat(c.learningRate()).isEqualTo(0.003);
        assertThat(c.schedule()).isEqualTo("onecycle");
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.optimizer()).isEqualTo("sgd");
        assertThat(c.momentum()).isEqualTo(0.9);
        assertThat(c.nesterov()).isTrue();
        assertThat(c.weightDecay()).isEqualTo(1e-4);
        assertThat(c.labelSmoothing()).isEqualTo(0.1);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.earlyStopping()).isFalse();
        assertThat(r.request().valSplit()).isZero();
        assertThat(r.request().limit()).isEqualTo(5000);
    }

    @Test
    void aNamedRecipeTakesOverridesAfterIt() {
        Recipe named = Recipe.parse("one-epoch");
        assertThat(named.request()).isEqualTo(Recipe.parse(Recipes.ONE_EPOCH).request());
        assertThat(named.request().get(TrainingSettings.MODEL)).isEqualTo("quick-cnn");
        assertThat(named.request().valSplit()).isZero();
        Recipe reseeded = Recipe.parse("one-epoch, seed=43,lr=0.02");
        assertThat(reseeded.request().seed()).isEqualTo(43);
        assertThat(reseeded.request().learningRate()).isEqualTo(0.02);
        assertThat(reseeded.request().batchSize()).isEqualTo(64);
        assertThat(reseeded.text()).isEqualTo("one-epoch, seed=43,lr=0.02");
        assertThat(Recipe.parse("TWO-MINUTES").request().augment()).isEqualTo("default");
        assertThat(Recipe.parse("one-minute").request()).isEqualTo(Recipe.parse("two-minutes,epochs=7").request());
        assertThat(Recipe.parse("ten-minutes").spec()).isEqualTo(Recipe.parse("model=wide-cnn").spec());
        assertThat(Recipe.parse("ensemble-member").request().get(TrainingSettings.MODEL)).isEqualTo("wide-cnn");
        assertThat(Recipe.parse("ensemble-member").request().augment()).isEqualTo("default,elastic=1.5");
        Recipe bent = Recipe.parse("two-minutes,augment=default,elastic=1.5,seed=3");
        assertThat(bent.request().augment()).isEqualTo("default,elastic=1.5");
        assertThat(bent.request().seed()).isEqualTo(3);
        assertThatThrownBy(() -> Recipe.parse("epochs=2,elastic=1.5")).hasMessageStartingWith("--recipe 'epochs=2,elastic=1.5': unknown key 'elastic'");
        assertThatThrownBy(() -> Recipe.parse("epochs=2,one-epoch"))
                .hasMessage("--recipe 'epochs=2,one-epoch': epochs '2,one-epoch' is not a whole number");
    }

    @Test
    void testTimeAugmentationIsPartOfARecipeNotOfTraining() {
        assertThat(Recipe.parse("two-minutes").tta()).isEqualTo(digits.model.TtaViews.NONE);
        assertThat(Recipe.parse("ten-minutes").tta()).isEqualTo(digits.model.TtaViews.SHIFTS);
        Recipe plain = Recipe.parse("ten-minutes,tta=none");
        assertThat(plain.tta().isNone()).isTrue();
        assertThat(plain.request()).isEqualTo(Recipe.parse("ten-minutes").request());
        Recipe shifted = Recipe.parse("two-minutes,tta=shifts");
        assertThat(shifted.tta()).isEqualTo(digits.model.TtaViews.SHIFTS);
        assertThat(shifted.request()).isEqualTo(Recipe.parse("two-minutes").request());
        assertThat(Recipe.parse("one-epoch,tta=Views").tta().copies()).isEqualTo(16);
        assertThat(Recipe.parse("one-epoch,tta=none").tta().isNone()).isTrue();
        assertThat(shifted.withSeed(7).tta()).isEqualTo(digits.model.TtaViews.SHIFTS);
        assertThatThrownBy(() -> Recipe.parse("one-epoch,tta=17"))
                .hasMessage("--recipe 'one-epoch,tta=17': tta '17' is not none, shifts or views");
    }

    /** {@code add=} (digits trained on beside MNIST's, as {@code train --add}) reaches the data the benchmarks train on. */
    @Test
    void addedDigitsJoinTheRecipesTrainingData(@TempDir Path dir) {
        Dataset train = MnistFiles.train().head(1000);
        Path images = dir.resolve("extra-images-idx3-ubyte.gz");
        IdxWriter.write(MnistFiles.test().head(40), images, dir.resolve("extra-labels-idx1-ubyte.gz"));
        TrainingData plain = Recipe.parse("limit=500,val-split=0").data(train);
        TrainingData added = Recipe.parse("limit=500,val-split=0,add=" + images + ",add-weight=2").data(train);
        assertThat(plain.train().size()).isEqualTo(500);
        assertThat(added.train().size()).isEqualTo(500 + 2 * 40);
        assertThat(added.train().image(500 + 40 + 7)).containsExactly(MnistFiles.test().image(7));
    }

    @Test
    void scheduleOptionsUseColons() {
        assertThat(Recipe.parse("lr-schedule=plateau:factor=0.5:patience=2,epochs=4").request().schedule())
                .isEqualTo("plateau:factor=0.5:patience=2");
    }

    @Test
    void mistakesAreOneLineNamingTheRecipe() {
        assertThatThrownBy(() -> Recipe.parse("model=logistic,colour=red"))
                .hasMessageStartingWith("--recipe 'model=logistic,colour=red': unknown key 'colour' (known: model, hidden,");
        assertThatThrownBy(() -> Recipe.parse("epochs=three"))
                .hasMessage("--recipe 'epochs=three': epochs 'three' is not a whole number");
        assertThatThrownBy(() -> Recipe.parse("epochs=0"))
                .hasMessage("--recipe 'epochs=0': epochs must be at least 1, got 0");
        assertThatThrownBy(() -> Recipe.parse("lr=1,lr=2"))
                .hasMessage("--recipe 'lr=1,lr=2': 'lr' is given twice");
        assertThatThrownBy(() -> Recipe.parse("fast"))
                .hasMessage("--recipe 'fast': 'fast' is not key=value or a named recipe (one-epoch, eight-seconds, one-minute, two-minutes, ten-minutes, ensemble-member)");
        assertThatThrownBy(() -> Recipe.parse("schedule=sometimes")).hasMessageStartingWith(
                "--recipe 'schedule=sometimes': unknown learning-rate schedule 'sometimes'");
        assertThatThrownBy(() -> Recipe.parse("optimizer=adagrad")).hasMessageStartingWith(
                "--recipe 'optimizer=adagrad': optimizer must be one of adam, adamw, sgd, rmsprop, got adagrad");
        assertThatThrownBy(() -> Recipe.parse("model=resnet")).hasMessageStartingWith(
                "--recipe 'model=resnet': unknown model 'resnet'");
        assertThatThrownBy(() -> Recipe.parse("val-split=1"))
                .hasMessage("--recipe 'val-split=1': val-split must be in [0,1), got 1");
        assertThatThrownBy(() -> Recipe.parse("val-split=0,lr-schedule=plateau"))
                .hasMessage("--recipe 'val-split=0,lr-schedule=plateau': lr-schedule plateau monitors val_loss, which needs a validation split (val-split > 0)");
        assertThatThrownBy(() -> Recipe.parse("one-minute,input=kaggle/train.csv"))
                .hasMessage("--recipe 'one-minute,input=kaggle/train.csv': 'input' is not a recipe key: the benchmarks train "
                        + "on MNIST's training digits (limit= cuts them, add= adds digits) and test on its test set");
        assertThatThrownBy(() -> Recipe.parse("add=no/such/photos.gz"))
                .hasMessage("--recipe 'add=no/such/photos.gz': add: no such file or directory: no/such/photos.gz");
        assertThatThrownBy(() -> Recipe.parse("test=none")).hasMessageStartingWith("--recipe 'test=none': 'test' is not a recipe key");
        assertThatThrownBy(() -> Recipe.parse("nesterov=yes"))
                .hasMessage("--recipe 'nesterov=yes': nesterov 'yes' is not true or false");
    }
}
