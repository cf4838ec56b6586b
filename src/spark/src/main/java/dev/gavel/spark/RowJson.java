package dev.gavel.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spark rows to JSON objects and back. Input rows become the JSON records the CLI's
 * {@code InputReader} maps, so a row is read exactly as the same record in a file would be (a
 * null column counts as an absent field, as Spark's JSON reader makes absent fields null).
 * Output rows are built from the CLI's own output records against the output schema; a record
 * field the schema lacks is a programming error, reported, never dropped.
 */
final class RowJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowJson() {
    }

    /** A row as a JSON object; null columns are left out. */
    static ObjectNode toJson(Row row) {
        StructType schema = row.schema();
        if (schema == null) {
            throw new IllegalArgumentException("the row has no schema");
        }
        return struct(row, schema);
    }

    /** One column of a row as JSON; the row must have the column and it must not be null. */
    static JsonNode column(Row row, String name) {
        int i = row.fieldIndex(name);
        return value(row.get(i), row.schema().fields()[i].dataType());
    }

    private static ObjectNode struct(Row row, StructType schema) {
        ObjectNode out = NODES.objectNode();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (!row.isNullAt(i)) {
                out.set(fields[i].name(), value(row.get(i), fields[i].dataType()));
            }
        }
        return out;
    }

    private static JsonNode value(Object v, DataType type) {
        return switch (v) {
            case null -> NODES.nullNode();
            case Row r when type instanceof StructType s -> struct(r, s);
            case scala.collection.Seq<?> seq -> array(scala.jdk.javaapi.CollectionConverters.asJava(seq),
                    type instanceof ArrayType a ? a.elementType() : null);
            case List<?> list -> array(list, type instanceof ArrayType a ? a.elementType() : null);
            case scala.collection.Map<?, ?> map -> object(scala.jdk.javaapi.CollectionConverters.asJava(map),
                    type instanceof MapType m ? m.valueType() : null);
            case Map<?, ?> map -> object(map, type instanceof MapType m ? m.valueType() : null);
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer n -> NODES.numberNode(n);
            case Long n -> NODES.numberNode(n);
            case Short n -> NODES.numberNode(n);
            case Byte n -> NODES.numberNode(n);
            case Double n -> NODES.numberNode(n);
            case Float n -> NODES.numberNode(n);
            case BigDecimal n -> NODES.numberNode(n);
            default -> NODES.textNode(v.toString());
        };
    }

    private static ArrayNode array(List<?> list, DataType element) {
        ArrayNode out = NODES.arrayNode(list.size());
        for (Object o : list) {
            out.add(value(o, element));
        }
        return out;
    }

    private static ObjectNode object(Map<?, ?> map, DataType valueType) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.set(String.valueOf(e.getKey()), value(e.getValue(), valueType));
        }
        return out;
    }

    /**
     * A JSON object as a row of the schema; fields the object lacks (or holds as null) are null.
     *
     * @throws IllegalStateException when the object has a field the schema does not, or a value of
     *                               another type: the schema no longer matches the record format
     */
    static Row toRow(JsonNode node, StructType schema) {
        return toRow(node, schema, "");
    }

    private static Row toRow(JsonNode node, StructType schema, String path) {
        if (!node.isObject()) {
            throw new IllegalStateException("record field '" + path + "' is " + node.getNodeType() + ", expected an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getFieldIndex(name).isEmpty()) {
                throw new IllegalStateException("record field '" + path + name + "' has no column in the output schema");
            }
        }
        StructField[] fields = schema.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            JsonNode v = node.get(fields[i].name());
            values[i] = v == null || v.isNull() ? null : convert(v, fields[i].dataType(), path + fields[i].name());
        }
        return RowFactory.create(values);
    }

    private static Object convert(JsonNode v, DataType type, String path) {
        return switch (type) {
            case StringType t -> {
                require(v.isTextual(), v, path, "text");
                yield v.asText();
            }
            case IntegerType t -> {
                require(v.isIntegralNumber() && v.canConvertToInt(), v, path, "an int");
                yield v.intValue();
            }
            case LongType t -> {
                require(v.isIntegralNumber() && v.canConvertToLong(), v, path, "a long");
                yield v.longValue();
            }
            case DoubleType t -> {
                require(v.isNumber(), v, path, "a number");
                yield v.doubleValue();
            }
            case FloatType t -> {
                require(v.isNumber(), v, path, "a number");
                yield v.floatValue();
            }
            case BooleanType t -> {
                require(v.isBoolean(), v, path, "a boolean");
                yield v.booleanValue();
            }
            case StructType s -> toRow(v, s, path + ".");
            case MapType m -> {
                require(v.isObject(), v, path, "an object");
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    out.put(e.getKey(), e.getValue().isNull() ? null
                            : convert(e.getValue(), m.valueType(), path + "." + e.getKey()));
                }
                // Spark's map columns keep no entry order, whatever order the map given here has.
                yield scala.jdk.javaapi.CollectionConverters.asScala(out);
            }
            case ArrayType a -> {
                require(v.isArray(), v, path, "an array");
                List<Object> out = new ArrayList<>(v.size());
                for (int i = 0; i < v.size(); i++) {
                    out.add(v.get(i).isNull() ? null : convert(v.get(i), a.elementType(), path + "[" + i + "]"));
                }
                yield scala.jdk.javaapi.CollectionConverters.asScala(out).toSeq();
            }
            default -> throw new IllegalStateException("no conversion to " + type + " for record field '" + path + "'");
        };
    }

    private static void require(boolean ok, JsonNode v, String path, String expected) {
        if (!ok) {
            throw new IllegalStateException("record field '" + path + "' is " + v + ", expected " + expected);
        }
    }
}
