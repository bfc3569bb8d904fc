package digits.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The "Commands:" list of {@code digits --help}: each command's names with the description lines printed beside them. */
public final class CommandList {
    private static final Pattern ENTRY = Pattern.compile("^  (\\S+(?:, \\S+)*) {2,}(\\S.*)$");
    private static final Pattern CONTINUATION = Pattern.compile("^ {3,}\\S.*$");

    private CommandList() {}

    /** Command names (as listed, e.g. "data, inspect") to their lines in the list: the first, then any wrapped ones. */
    public static Map<String, List<String>> of(String help) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        List<String> current = null;
        boolean inList = false;
        for (String line : help.split("\\R")) {
            if (line.equals("Commands:")) {
                inList = true;
                continue;
            }
            if (!inList) continue;
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                current = new ArrayList<>(List.of(entry.group(2).strip()));
                commands.put(entry.group(1), current);
            } else if (current != null && CONTINUATION.matcher(line).matches()) {
                current.add(line.strip());
            } else {
                break; // the blank line before the footer, or the end
            }
        }
        return commands;
    }

    /** One complete short sentence: a capital first, a period last, no sentence break (". ") before it, 60 characters at most. */
    public static boolean isOneSentence(String text) {
        return text.matches("[A-Z].*[^.,;:]\\.") && !text.contains(". ") && text.length() <= 60;
    }
}
