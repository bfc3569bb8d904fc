package digits.cli;

import digits.api.ImagePreprocessor;
import digits.api.Preprocessing;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

/** {@code --preprocess auto|mnist|photo}: how image files are cleaned before the model sees them. */
public final class PreprocessOption {
    @Option(names = "--preprocess", paramLabel = "MODE", converter = Converter.class,
            description = "How images are cleaned: photo (photos and scans of paper: uneven light, ruled or squared "
                    + "paper, any pen), mnist (one background level: drawings, MNIST-like images) or auto (photo when the "
                    + "background is not uniform) (default: auto).")
    Preprocessing mode = Preprocessing.DEFAULT;

    /** The image preprocessor for the chosen mode, default limits. */
    public ImagePreprocessor preprocessor() {
        return new ImagePreprocessor().withMode(mode);
    }

    static final class Converter implements ITypeConverter<Preprocessing> {
        @Override
        public Preprocessing convert(String value) {
            try {
                return Preprocessing.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage()); // picocli then prints the message alone
            }
        }
    }
}
