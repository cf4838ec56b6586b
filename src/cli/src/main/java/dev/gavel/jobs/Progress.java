package dev.gavel.jobs;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;

/** Reports a batch run's progress; {@link #none()} when nobody is watching. */
public interface Progress extends AutoCloseable {

    /** One more item finished (judged or failed). */
    void step(boolean failed);

    /** Stops reporting; the last state stays on screen. */
    @Override
    void close();

    /** Reports nothing: for runs whose stderr is not a terminal, and --quiet. */
    static Progress none() {
        return new Progress() {
            @Override
            public void step(boolean failed) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A progress bar on a terminal: done/total, percentage, elapsed time, ETA, items per second
     * and the number of failed items so far.
     *
     * @param task  short name shown in front, e.g. "grade"
     * @param total items this run will judge (items skipped by --resume excluded)
     */
    static Progress console(PrintStream out, String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" items", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new Progress() {
            private long failures;

            @Override
            public synchronized void step(boolean failed) {
                if (failed) {
                    failures++;
                    bar.setExtraMessage(failures + " failed");
                }
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
