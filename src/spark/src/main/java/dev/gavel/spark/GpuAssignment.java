package dev.gavel.spark;

import dev.gavel.judge.JudgeOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import java.util.Arrays;
import java.util.Map;

/**
 * Which device a task's judge runs on, from the GPUs Spark's resource scheduling gave the task
 * ({@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount}).
 *
 * <p>A judge with {@code gpuLayers == 0} runs on the CPU whatever the task holds. Otherwise the
 * device is the task's GPU address, and the address is part of the judge's key. gavel-core has no
 * option yet to pin a model to one GPU (llama.cpp's {@code main_gpu} with split mode none), so
 * llama.cpp uses the GPUs the executor process can see: this is right when each executor sees
 * exactly its own GPU (one GPU per executor, with the cluster manager's isolation or
 * {@code CUDA_VISIBLE_DEVICES}), and {@link ExecutorJudges} refuses two devices in one executor
 * rather than loading both judges onto the same GPUs.
 */
final class GpuAssignment {
    /** Spark's resource name for GPUs. */
    static final String GPU = "gpu";
    static final String CPU = "cpu";
    /** A GPU judge in a task that Spark gave no GPU: llama.cpp's default device. */
    static final String DEFAULT = "default";

    private GpuAssignment() {
    }

    /** The device of the running task's judge. */
    static String device(JudgeOptions options, TaskContext context) {
        return device(options, context == null ? Map.of() : scala.jdk.javaapi.CollectionConverters.asJava(context.resources()));
    }

    /**
     * The device for these options and task resources.
     *
     * @throws GavelSparkException when the task holds several GPUs: one judge cannot use a chosen set
     */
    static String device(JudgeOptions options, Map<String, ResourceInformation> resources) {
        if (options.gpuLayers() == 0) {
            return CPU;
        }
        ResourceInformation gpus = resources.get(GPU);
        if (gpus == null || gpus.addresses().length == 0) {
            return DEFAULT;
        }
        if (gpus.addresses().length > 1) {
            throw new GavelSparkException(GavelSparkException.Kind.GPU_SETUP, "the task was given GPUs "
                    + Arrays.toString(gpus.addresses()) + "; a judge runs on one: set spark.task.resource.gpu.amount to 1"
                    + " or a fraction (tasks then share their executor's judge)");
        }
        return gpus.addresses()[0];
    }
}
