package dev.gavel.reliability;

import dev.gavel.reliability.GgufLayout.Field;
import dev.gavel.reliability.GgufLayout.Kind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes mutants of a valid GGUF file aimed at what a loader trusts, the way a corrupted download
 * or a hostile file would differ from it. Mutant {@code i} of a seed is always the same file, so
 * any outcome can be reproduced from (base, seed, index) alone.
 */
final class ModelMutator {
    /** How a mutant was made; weights say how often each is drawn. */
    enum Strategy {
        COUNT(4), STRING_LENGTH(8), ARRAY_ELEMENT_TYPE(6), ARRAY_COUNT(6), VALUE_TYPE(5), RETYPE(6), HYPERPARAMETER(12),
        ARRAY_ELEMENT(6), TOKEN_TEXT(10), TENSOR_NDIMS(4), TENSOR_DIM(7), TENSOR_SHAPE(3), TENSOR_TYPE(5),
        TENSOR_OFFSET(5), METADATA_BYTES(4), TENSOR_INFO_BYTES(4), TRUNCATE(4), SEVERAL(5), TENSOR_DATA(6),
        /** Not drawn at random: every scalar metadata value set to each boundary value in turn. */
        SWEEP_SCALAR(0),
        /** Not drawn at random: one tensor of each role given each ggml type in turn. */
        SWEEP_TENSOR_TYPE(0);

        final int weight;

        Strategy(int weight) {
            this.weight = weight;
        }
    }

    /** One mutant: the bytes and what was done to them. */
    record Mutant(String base, long seed, int index, Strategy strategy, String description, byte[] bytes) {
    }

    private static final int TOTAL_WEIGHT = Arrays.stream(Strategy.values()).mapToInt(s -> s.weight).sum();

    private final String baseName;
    private final byte[] base;
    private final GgufLayout layout;

    ModelMutator(String baseName, byte[] base) {
        this.baseName = baseName;
        this.base = base;
        this.layout = GgufLayout.of(base);
    }

    Mutant mutant(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        Strategy s = pick(r);
        byte[] out = base.clone();
        List<String> what = new ArrayList<>();
        byte[] result = apply(s, r, out, what);
        return new Mutant(baseName, seed, index, s, String.join("; ", what), result);
    }

    /**
     * The deterministic sweeps: every scalar metadata value (hyperparameters, token ids, flags)
     * set to each boundary value, and one tensor of each role (1-D norm, attention and feed-forward
     * matrices, embedding, output) given every ggml type plus invalid ids. Random mutants reach
     * each of these only by luck; the sweeps make sure each is tried.
     */
    List<Mutant> sweep() {
        List<Mutant> out = new ArrayList<>();
        for (Field f : layout.fields(Kind.SCALAR)) {
            int t = f.valueType();
            List<Long> bits = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            if (t == 6 || t == 12) {
                for (double d : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e30}) {
                    bits.add(t == 6 ? Float.floatToRawIntBits((float) d) & 0xFFFFFFFFL : Double.doubleToRawLongBits(d));
                    shown.add(String.valueOf(d));
                }
            } else {
                long v = read(base, f);
                for (long x : new long[] {0, 1, -1, 0x80000000L, v * 2 + 1}) {
                    bits.add(x);
                    shown.add(Long.toUnsignedString(x & mask(f.width())));
                }
            }
            for (int i = 0; i < bits.size(); i++) {
                byte[] b = base.clone();
                write(b, f.offset(), f.width(), bits.get(i));
                out.add(new Mutant(baseName, -1, out.size(), Strategy.SWEEP_SCALAR, f.where() + " -> " + shown.get(i), b));
            }
        }
        List<Field> types = layout.fields(Kind.TENSOR_TYPE);
        java.util.Map<String, Field> roles = new java.util.LinkedHashMap<>();
        for (int i = 0; i < types.size(); i++) {
            GgufLayout.TensorDims t = layout.tensors.get(i);
            String role = t.dims().length == 1 ? "1-D" : t.name().contains("attn") ? "attention"
                    : t.name().contains("ffn") ? "feed-forward" : t.name();
            roles.putIfAbsent(role, types.get(i));
        }
        for (Field f : roles.values()) {
            for (long id : new long[] {0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                    24, 25, 26, 27, 28, 29, 30, 34, 35, 4, 31, 39, 40, 0xFFFFFFFFL}) {
                byte[] b = base.clone();
                write(b, f.offset(), 4, id);
                out.add(new Mutant(baseName, -1, out.size(), Strategy.SWEEP_TENSOR_TYPE, f.where() + " -> " + id, b));
            }
        }
        return out;
    }

    private static Strategy pick(SplittableRandom r) {
        int x = r.nextInt(TOTAL_WEIGHT);
        for (Strategy s : Strategy.values()) {
            x -= s.weight;
            if (x < 0) {
                return s;
            }
        }
        throw new AssertionError();
    }

    /** Applies one strategy; returns the (possibly shorter) mutant bytes. */
    private byte[] apply(Strategy s, SplittableRandom r, byte[] out, List<String> what) {
        switch (s) {
            case COUNT -> setHostile(out, r, any(r, Kind.TENSOR_COUNT, Kind.KV_COUNT), what);
            case STRING_LENGTH -> setHostile(out, r, any(r, Kind.KEY_LENGTH, Kind.STRING_LENGTH,
                    Kind.ARRAY_STRING_LENGTH, Kind.TENSOR_NAME_LENGTH), what);
            case ARRAY_ELEMENT_TYPE -> setType(out, r, any(r, Kind.ARRAY_ELEMENT_TYPE), what);
            case ARRAY_COUNT -> setHostile(out, r, any(r, Kind.ARRAY_COUNT), what);
            case VALUE_TYPE -> setType(out, r, any(r, Kind.VALUE_TYPE), what);
            case RETYPE -> retype(out, r, what);
            case HYPERPARAMETER -> setScalar(out, r, any(r, Kind.SCALAR), what);
            case ARRAY_ELEMENT -> setScalar(out, r, any(r, Kind.ARRAY_ELEMENT), what);
            case TOKEN_TEXT -> tokenText(out, r, what);
            case TENSOR_NDIMS -> setWidth(out, any(r, Kind.TENSOR_NDIMS), pickOf(r, 0, 1, 2, 3, 4, 5, 8, 255,
                    0x7FFFFFFF, 0xFFFFFFFFL), what);
            case TENSOR_DIM -> setHostile(out, r, any(r, Kind.TENSOR_DIM), what);
            case TENSOR_SHAPE -> shape(out, r, what);
            case TENSOR_TYPE -> setWidth(out, any(r, Kind.TENSOR_TYPE), r.nextInt(4) == 0 ? r.nextLong(1L << 32)
                    : r.nextInt(42), what);
            case TENSOR_OFFSET -> setHostile(out, r, any(r, Kind.TENSOR_OFFSET), what);
            case METADATA_BYTES -> randomBytes(out, r, layout.metadataStart, layout.metadataEnd, "metadata", what);
            case TENSOR_INFO_BYTES -> randomBytes(out, r, layout.metadataEnd, layout.tensorInfoEnd, "tensor info", what);
            case TRUNCATE -> {
                // Mostly inside the header and tables, where a loader reads before it checks sizes.
                long end = r.nextInt(3) == 0 ? r.nextLong(layout.fileSize) : r.nextLong(layout.dataStart + 64);
                what.add("truncated to " + end + " of " + layout.fileSize + " bytes");
                return Arrays.copyOf(out, (int) end);
            }
            case SEVERAL -> {
                int n = 2 + r.nextInt(3);
                Strategy[] targeted = {Strategy.COUNT, Strategy.STRING_LENGTH, Strategy.ARRAY_ELEMENT_TYPE,
                        Strategy.ARRAY_COUNT, Strategy.VALUE_TYPE, Strategy.RETYPE, Strategy.HYPERPARAMETER,
                        Strategy.ARRAY_ELEMENT,
                        Strategy.TOKEN_TEXT, Strategy.TENSOR_NDIMS, Strategy.TENSOR_DIM, Strategy.TENSOR_SHAPE,
                        Strategy.TENSOR_TYPE, Strategy.TENSOR_OFFSET, Strategy.TENSOR_DATA};
                byte[] cur = out;
                for (int i = 0; i < n; i++) {
                    cur = apply(targeted[r.nextInt(targeted.length)], r, cur, what);
                }
                return cur;
            }
            case TENSOR_DATA -> tensorData(out, r, what);
        }
        return out;
    }

    private Field any(SplittableRandom r, Kind... kinds) {
        List<Field> candidates = new ArrayList<>();
        for (Kind k : kinds) {
            candidates.addAll(layout.fields(k));
        }
        return candidates.get(r.nextInt(candidates.size()));
    }

    private static long pickOf(SplittableRandom r, long... values) {
        return values[r.nextInt(values.length)];
    }

    private static long read(byte[] b, Field f) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (f.width()) {
            case 1 -> bb.get((int) f.offset()) & 0xFF;
            case 2 -> bb.getShort((int) f.offset()) & 0xFFFF;
            case 4 -> bb.getInt((int) f.offset()) & 0xFFFFFFFFL;
            default -> bb.getLong((int) f.offset());
        };
    }

    private static void write(byte[] b, long offset, int width, long v) {
        for (int i = 0; i < width && offset + i < b.length; i++) {
            b[(int) offset + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void setWidth(byte[] b, Field f, long v, List<String> what) {
        long old = read(b, f);
        write(b, f.offset(), f.width(), v);
        what.add(f.where() + ": " + Long.toUnsignedString(old) + " -> " + Long.toUnsignedString(v & mask(f.width())));
    }

    private static long mask(int width) {
        return width >= 8 ? -1L : (1L << (8 * width)) - 1;
    }

    /** Boundary and absurd values for a count, length, dimension or offset. */
    private static void setHostile(byte[] b, SplittableRandom r, Field f, List<String> what) {
        long v = read(b, f);
        long[] choices = {0, 1, v - 1, v + 1, v * 2, v / 2, v + 32, v - 32, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL,
                0x100000000L + v, Long.MAX_VALUE, Long.MIN_VALUE, -1, -v, r.nextLong(), r.nextLong(Math.max(2, v * 4))};
        setWidth(b, f, choices[r.nextInt(choices.length)], what);
    }

    /** A type id: every id GGUF defines, just past them, and garbage. */
    private static void setType(byte[] b, SplittableRandom r, Field f, List<String> what) {
        long v = r.nextInt(5) == 0 ? pickOf(r, 13, 14, 255, 0x7FFFFFFF, 0xFFFFFFFFL, r.nextLong(1L << 32))
                : r.nextInt(13);
        setWidth(b, f, v, what);
    }

    /**
     * A value's type (or an array's element type) changed to another of the same width, so the
     * file still parses and the same bytes are read as another type: aimed at code that reads a
     * key with a typed getter without checking the type first.
     */
    private void retype(byte[] b, SplittableRandom r, List<String> what) {
        List<Field> candidates = new ArrayList<>();
        for (Field f : layout.fields) {
            boolean typeField = f.kind() == Kind.VALUE_TYPE || f.kind() == Kind.ARRAY_ELEMENT_TYPE;
            if (typeField && f.valueType() >= 0 && f.valueType() < GgufLayout.SCALAR_WIDTH.length
                    && GgufLayout.SCALAR_WIDTH[f.valueType()] > 0) {
                candidates.add(f);
            }
        }
        Field f = candidates.get(r.nextInt(candidates.size()));
        int width = GgufLayout.SCALAR_WIDTH[f.valueType()];
        List<Integer> same = new ArrayList<>();
        for (int t = 0; t < GgufLayout.SCALAR_WIDTH.length; t++) {
            if (GgufLayout.SCALAR_WIDTH[t] == width && t != f.valueType()) {
                same.add(t);
            }
        }
        setWidth(b, f, same.get(r.nextInt(same.size())), what);
    }

    /** A scalar of the field's own type: zero, one, negative, huge, and for floats NaN and infinities. */
    private static void setScalar(byte[] b, SplittableRandom r, Field f, List<String> what) {
        int t = f.valueType();
        if (t == 6 || t == 12) {
            double[] choices = {0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    1e30, -1e30, 1e-30, Float.MIN_VALUE, r.nextDouble() * 1e6 - 5e5};
            double d = choices[r.nextInt(choices.length)];
            long bits = t == 6 ? Float.floatToRawIntBits((float) d) & 0xFFFFFFFFL : Double.doubleToRawLongBits(d);
            write(b, f.offset(), f.width(), bits);
            what.add(f.where() + " -> " + d);
            return;
        }
        if (t == 7) {
            setWidth(b, f, pickOf(r, 0, 1, 2, 255), what);
            return;
        }
        long v = read(b, f);
        long[] choices = {0, 1, 2, 3, 7, v - 1, v + 1, v * 2, v / 2, v * 1000, 0x7FFF, 0xFFFF, 0x7FFFFFFFL,
                0x80000000L, 0xFFFFFFFFL, Long.MAX_VALUE, -1, -2, r.nextLong(), r.nextLong(Math.max(2, v * 4))};
        setWidth(b, f, choices[r.nextInt(choices.length)], what);
    }

    /**
     * A token's text changed without moving anything else: one byte changed, a byte set to NUL
     * (llama.cpp reads token texts as C strings), or the text of another token of the same length
     * copied over it, which makes two tokens equal.
     */
    private void tokenText(byte[] b, SplittableRandom r, List<String> what) {
        List<Field> tokens = layout.fields(Kind.TOKEN_TEXT);
        Field f = tokens.get(r.nextInt(tokens.size()));
        int mode = r.nextInt(4);
        if (mode == 0) {
            List<Field> same = tokens.stream().filter(o -> o.width() == f.width() && o != f).toList();
            if (!same.isEmpty()) {
                Field src = same.get(r.nextInt(same.size()));
                System.arraycopy(base, (int) src.offset(), b, (int) f.offset(), f.width());
                what.add(f.where() + " := the text of " + src.where());
                return;
            }
        }
        int at = (int) f.offset() + r.nextInt(f.width());
        int old = b[at] & 0xFF;
        int now = mode == 1 ? 0 : mode == 2 ? (old ^ (1 << r.nextInt(8))) : r.nextInt(256);
        b[at] = (byte) now;
        what.add(f.where() + " byte " + (at - f.offset()) + ": " + old + " -> " + now);
    }

    /** Dimensions permuted or rescaled so the byte size stays the same: only the shape is wrong. */
    private void shape(byte[] b, SplittableRandom r, List<String> what) {
        List<GgufLayout.TensorDims> multi = layout.tensors.stream().filter(t -> t.dims().length >= 2).toList();
        if (multi.isEmpty()) {
            setHostile(b, r, any(r, Kind.TENSOR_DIM), what);
            return;
        }
        GgufLayout.TensorDims t = multi.get(r.nextInt(multi.size()));
        long[] d = t.dims().clone();
        if (r.nextBoolean()) {
            long x = d[0];
            d[0] = d[1];
            d[1] = x;
        } else if (d[1] % 2 == 0) {
            d[0] *= 2;
            d[1] /= 2;
        } else {
            d[0] /= 2;
            d[1] *= 2;
        }
        for (int i = 0; i < d.length; i++) {
            write(b, t.firstDimOffset() + 8L * i, 8, d[i]);
        }
        what.add("tensor " + t.name() + " shape " + Arrays.toString(t.dims()) + " -> " + Arrays.toString(d));
    }

    private static void randomBytes(byte[] b, SplittableRandom r, long from, long to, String region, List<String> what) {
        int n = 1 + r.nextInt(8);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = (int) (from + r.nextLong(Math.max(1, to - from)));
            int now = r.nextInt(256);
            changes.add(at + ":" + (b[at] & 0xFF) + "->" + now);
            b[at] = (byte) now;
        }
        what.add(n + " random bytes in the " + region + " region (" + String.join(",", changes) + ")");
    }

    /** Weights flipped: random bytes, or whole floats set to NaN, infinity or huge values. */
    private void tensorData(byte[] b, SplittableRandom r, List<String> what) {
        long from = layout.dataStart;
        long span = layout.fileSize - from;
        if (r.nextBoolean()) {
            int n = 1 + r.nextInt(64);
            for (int i = 0; i < n; i++) {
                b[(int) (from + r.nextLong(span))] = (byte) r.nextInt(256);
            }
            what.add(n + " random bytes in tensor data");
        } else {
            int n = 1 + r.nextInt(256);
            float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, -3e38f};
            float v = values[r.nextInt(values.length)];
            for (int i = 0; i < n; i++) {
                long at = from + (r.nextLong(span / 4) * 4);
                write(b, at, 4, Float.floatToRawIntBits(v));
            }
            what.add(n + " tensor data words set to " + v);
        }
    }
}
