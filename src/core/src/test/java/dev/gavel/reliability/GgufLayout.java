package dev.gavel.reliability;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each field a GGUF loader trusts sits in a well-formed file: counts, lengths, types,
 * tensor dimensions and offsets, with their byte offsets, so a mutator can aim at them. Read from
 * a file known to be valid (a fixture); this is a map for the fuzzer, not a validator.
 */
final class GgufLayout {
    /** What a field is; the mutator picks values that make sense to attack it with. */
    enum Kind {
        TENSOR_COUNT, KV_COUNT, KEY_LENGTH, VALUE_TYPE, STRING_LENGTH, ARRAY_ELEMENT_TYPE, ARRAY_COUNT,
        /** A scalar metadata value (hyperparameters, token ids, flags). */
        SCALAR,
        /** One element of a numeric metadata array (token types, scores). */
        ARRAY_ELEMENT,
        /** The length of one string inside a string array (token texts, merges). */
        ARRAY_STRING_LENGTH,
        /** The bytes of one vocabulary token's text. */
        TOKEN_TEXT,
        TENSOR_NAME_LENGTH, TENSOR_NDIMS, TENSOR_DIM, TENSOR_TYPE, TENSOR_OFFSET
    }

    /**
     * One field.
     *
     * @param kind      what it is
     * @param offset    its first byte in the file
     * @param width     its bytes (for TOKEN_TEXT the text's length)
     * @param valueType GGUF value type id of a SCALAR or ARRAY_ELEMENT, the type a VALUE_TYPE or
     *                  ARRAY_ELEMENT_TYPE field holds, else -1
     * @param where     a human name ("llama.block_count", "tensor 3 (blk.0.attn_q.weight) dim 1")
     */
    record Field(Kind kind, long offset, int width, int valueType, String where) {
    }

    /** The dims of one tensor, for shape mutations that keep the byte size. */
    record TensorDims(String name, long ndimsOffset, long[] dims, long firstDimOffset) {
    }

    static final int[] SCALAR_WIDTH = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};

    final List<Field> fields = new ArrayList<>();
    final List<TensorDims> tensors = new ArrayList<>();
    final long metadataStart = 24;
    long metadataEnd;
    long tensorInfoEnd;
    long dataStart;
    final long fileSize;

    private final ByteBuffer buf;

    private GgufLayout(byte[] file) {
        this.buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        this.fileSize = file.length;
    }

    static GgufLayout of(byte[] file) {
        GgufLayout l = new GgufLayout(file);
        l.scan();
        return l;
    }

    List<Field> fields(Kind kind) {
        return fields.stream().filter(f -> f.kind == kind).toList();
    }

    private void add(Kind kind, long offset, int width, int valueType, String where) {
        fields.add(new Field(kind, offset, width, valueType, where));
    }

    private void scan() {
        int pos = 8;
        add(Kind.TENSOR_COUNT, pos, 8, -1, "tensor count");
        long nTensors = buf.getLong(pos);
        pos += 8;
        add(Kind.KV_COUNT, pos, 8, -1, "metadata count");
        long nKv = buf.getLong(pos);
        pos += 8;
        long alignment = 32;
        for (long i = 0; i < nKv; i++) {
            add(Kind.KEY_LENGTH, pos, 8, -1, "key " + i + " length");
            int keyLen = (int) buf.getLong(pos);
            String key = new String(buf.array(), pos + 8, keyLen, StandardCharsets.UTF_8);
            pos += 8 + keyLen;
            int type = buf.getInt(pos);
            add(Kind.VALUE_TYPE, pos, 4, type, key + " value type");
            pos += 4;
            if (key.equals("general.alignment")) {
                alignment = buf.getInt(pos);
            }
            pos = value(pos, type, key);
        }
        metadataEnd = pos;
        for (long i = 0; i < nTensors; i++) {
            add(Kind.TENSOR_NAME_LENGTH, pos, 8, -1, "tensor " + i + " name length");
            int nameLen = (int) buf.getLong(pos);
            String name = new String(buf.array(), pos + 8, nameLen, StandardCharsets.UTF_8);
            String where = "tensor " + i + " (" + name + ")";
            pos += 8 + nameLen;
            add(Kind.TENSOR_NDIMS, pos, 4, -1, where + " n_dims");
            long ndimsOffset = pos;
            int nDims = buf.getInt(pos);
            pos += 4;
            long[] dims = new long[nDims];
            long firstDim = pos;
            for (int d = 0; d < nDims; d++) {
                add(Kind.TENSOR_DIM, pos, 8, -1, where + " dim " + d);
                dims[d] = buf.getLong(pos);
                pos += 8;
            }
            tensors.add(new TensorDims(name, ndimsOffset, dims, firstDim));
            add(Kind.TENSOR_TYPE, pos, 4, -1, where + " type");
            pos += 4;
            add(Kind.TENSOR_OFFSET, pos, 8, -1, where + " data offset");
            pos += 8;
        }
        tensorInfoEnd = pos;
        dataStart = (pos + alignment - 1) / alignment * alignment;
    }

    private int value(int pos, int type, String key) {
        if (type == 8) {
            add(Kind.STRING_LENGTH, pos, 8, -1, key + " string length");
            return pos + 8 + (int) buf.getLong(pos);
        }
        if (type == 9) {
            int elemType = buf.getInt(pos);
            add(Kind.ARRAY_ELEMENT_TYPE, pos, 4, elemType, key + " element type");
            pos += 4;
            add(Kind.ARRAY_COUNT, pos, 8, -1, key + " element count");
            long n = buf.getLong(pos);
            pos += 8;
            boolean tokens = key.equals("tokenizer.ggml.tokens");
            for (long e = 0; e < n; e++) {
                if (elemType == 8) {
                    int len = (int) buf.getLong(pos);
                    add(Kind.ARRAY_STRING_LENGTH, pos, 8, -1, key + "[" + e + "] length");
                    if (tokens && len > 0) {
                        add(Kind.TOKEN_TEXT, pos + 8, len, -1, "token " + e + " text");
                    }
                    pos += 8 + len;
                } else if (elemType == 9) {
                    throw new IllegalArgumentException("nested arrays are not expected in a fixture: " + key);
                } else {
                    add(Kind.ARRAY_ELEMENT, pos, SCALAR_WIDTH[elemType], elemType, key + "[" + e + "]");
                    pos += SCALAR_WIDTH[elemType];
                }
            }
            return pos;
        }
        add(Kind.SCALAR, pos, SCALAR_WIDTH[type], type, key);
        return pos + SCALAR_WIDTH[type];
    }
}
