package org.causaldensity.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Read-only, forgiving access to one node of the summary tree: a missing key, a wrong type or a null all read as
 * "absent" rather than failing, because the report must render whatever part of the summary a run produced.
 * Numbers may be any {@link Number} or the strings summary.json uses for non-finite values.
 */
final class SummaryTree {
  private static final SummaryTree ABSENT = new SummaryTree(null);

  private final Object value;

  private SummaryTree(Object value) {
    this.value = value;
  }

  /**
   * The node holding value (null gives the absent node). A record (a typed summary block) is read as the map of
   * its JSON keys, exactly as summary.json writes it.
   */
  static SummaryTree of(Object value) {
    if (value instanceof Record) {
      return new SummaryTree(RECORDS.convertValue(value, Map.class));
    }
    return value == null ? ABSENT : new SummaryTree(value);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper RECORDS =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The child under key; absent when this node is not a map or has no such key. */
  SummaryTree get(String key) {
    return value instanceof Map<?, ?> map ? of(map.get(key)) : ABSENT;
  }

  /** The node at a path of keys; absent as soon as one step is. */
  SummaryTree at(String... keys) {
    SummaryTree node = this;
    for (String key : keys) {
      node = node.get(key);
    }
    return node;
  }

  /** Whether a value is present (not null). */
  boolean isPresent() {
    return value != null;
  }

  /** Whether the value is a map. */
  boolean isMap() {
    return value instanceof Map<?, ?>;
  }

  /** Whether the value is a number, or a string summary.json uses for one ("Infinity", "-Infinity", "NaN"). */
  boolean isNumber() {
    return value instanceof Number || nonFiniteString() != null;
  }

  /** Whether the value is an integral Java type (Integer, Long, Short, Byte). */
  boolean isIntegral() {
    return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
  }

  /** The value as a double; NaN when absent or not a number. */
  double number() {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    Double special = nonFiniteString();
    return special == null ? Double.NaN : special;
  }

  /** The value as a long; the fallback when absent, not a number, or not finite. */
  long integer(long fallback) {
    if (isIntegral()) {
      return ((Number) value).longValue();
    }
    double d = number();
    return Double.isFinite(d) ? (long) d : fallback;
  }

  /** The value as text: a String as is, a number or boolean by String.valueOf; null when absent or a container. */
  String text() {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
      return String.valueOf(value);
    }
    return null;
  }

  /** Whether the value is a string (null strings read as absent). */
  boolean isText() {
    return value instanceof String;
  }

  /** The raw value (may be null). */
  Object raw() {
    return value;
  }

  /**
   * The elements of a List, Object[], double[], long[] or int[] as nodes (null elements become absent nodes); empty
   * for anything else.
   */
  List<SummaryTree> items() {
    List<SummaryTree> items = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> items.add(of(v)));
    } else if (value instanceof Object[] array) {
      Arrays.stream(array).forEach(v -> items.add(of(v)));
    } else if (value instanceof double[] array) {
      Arrays.stream(array).forEach(v -> items.add(of(v)));
    } else if (value instanceof long[] array) {
      Arrays.stream(array).forEach(v -> items.add(of(v)));
    } else if (value instanceof int[] array) {
      Arrays.stream(array).forEach(v -> items.add(of(v)));
    }
    return items;
  }

  /** Whether the value is a List or an array. */
  boolean isList() {
    return value instanceof List<?> || (value != null && value.getClass().isArray());
  }

  /** The keys of a map in its iteration order (non-string keys by String.valueOf); empty for anything else. */
  List<String> keys() {
    if (!(value instanceof Map<?, ?> map)) {
      return Collections.emptyList();
    }
    List<String> keys = new ArrayList<>();
    map.keySet().forEach(k -> keys.add(String.valueOf(k)));
    return keys;
  }

  private Double nonFiniteString() {
    if (value instanceof String s) {
      switch (s) {
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        case "NaN":
          return Double.NaN;
        default:
          return null;
      }
    }
    return null;
  }
}
