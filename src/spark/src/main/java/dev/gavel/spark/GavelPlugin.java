package dev.gavel.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the executor's judges when the executor stops, before the JVM exits: enable it with
 * {@code --conf spark.plugins=dev.gavel.spark.GavelPlugin}. Without it a JVM shutdown hook closes
 * them, which is enough for executors that end with their JVM; the plugin also covers a
 * SparkContext stopped inside a longer-lived JVM (local mode, notebooks).
 */
public final class GavelPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void shutdown() {
                ExecutorJudges.get().closeAll();
            }
        };
    }
}
