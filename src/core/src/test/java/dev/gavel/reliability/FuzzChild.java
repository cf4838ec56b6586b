package dev.gavel.reliability;

import dev.gavel.AbsoluteRequest;
import dev.gavel.GavelException;
import dev.gavel.Judgment;
import dev.gavel.ModelLoadException;
import dev.gavel.Rubric;
import dev.gavel.judge.Judge;
import dev.gavel.judge.JudgeOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of the model fuzzer: reads {@code index<TAB>path} lines on stdin and takes each
 * mutant through the path a user's file takes (open a judge, judge one item, close), printing
 * {@code @@fuzz B i} before and {@code @@fuzz R i OUTCOME detail} after. When native code kills
 * this process the parent sees a B without its R and counts a crash for that mutant.
 */
public final class FuzzChild {
    static final String PREFIX = "@@fuzz ";

    /** Outcomes the child can report; CRASHED and HUNG are the parent's. */
    enum Outcome { JUDGED, REFUSED, JUDGE_ERROR, UNEXPECTED, CRASHED, HUNG }

    /** Text with multibyte and rare characters, so tokenizing reaches byte fallback and rare merges. */
    static final AbsoluteRequest ITEM = new AbsoluteRequest(
            "Tell a story about a dog named Émile who finds a 🦴 in the snow (❄, 雪, снег).",
            "Once upon a time, Émile the dog found a bone: \"🦴!\" he barked.\tThe end ~ ¿ ¡ ß Ω \u0001 \u00ff.",
            Rubric.of("Is the story coherent?", "Incoherent.", "Mostly incoherent.", "Partly coherent.",
                    "Coherent with lapses.", "Fully coherent."),
            "A dog finds a bone.");

    private FuzzChild() {
    }

    static JudgeOptions options() {
        return JudgeOptions.builder().contextSize(2048).feedbackTokens(4).parallel(1).threads(1).build();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // llama.cpp and slf4j may print to stdout; the protocol lines carry their own prefix.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        JudgeOptions options = options();
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String index = line.substring(0, tab);
            Path file = Path.of(line.substring(tab + 1));
            out.println(PREFIX + "B " + index);
            String result = run(file, options);
            out.println(PREFIX + "R " + index + " " + result);
        }
    }

    private static String run(Path file, JudgeOptions options) {
        Judge judge;
        try {
            judge = Judge.open(file, options);
        } catch (ModelLoadException e) {
            return Outcome.REFUSED + " " + e.reason() + " " + oneLine(e.getMessage());
        } catch (Throwable t) {
            return Outcome.UNEXPECTED + " at open: " + describe(t);
        }
        try (judge) {
            Judgment j = judge.grade(ITEM);
            if (j.score() < 1 || j.score() > 5) {
                return Outcome.UNEXPECTED + " score " + j.score() + " outside 1..5";
            }
            return Outcome.JUDGED + " score " + j.score();
        } catch (GavelException e) {
            return Outcome.JUDGE_ERROR + " " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
        } catch (Throwable t) {
            return Outcome.UNEXPECTED + " while judging: " + describe(t);
        }
    }

    private static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return t.getClass().getName() + ": " + oneLine(String.valueOf(t.getMessage()))
                + (st.length > 0 ? " at " + st[0] : "");
    }

    static String oneLine(String s) {
        String flat = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }
}
