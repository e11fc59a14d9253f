package org.causaldensity.knn;

/**
 * The k smallest (value, column) pairs offered, as a bounded max-heap ordered by value then column: columns offered
 * in ascending order, an equal value never displaces a kept one (the lower column wins the tie). Reused between rows
 * ({@link #clear}); {@link #sortAscending} then leaves them in ascending order for reading. Not thread-safe.
 */
public final class NearestHeap {
  private final int capacity;
  private final float[] values;
  private final int[] columns;
  private int size;

  /** A heap keeping at most {@code capacity} ≥ 1 pairs. */
  public NearestHeap(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.values = new float[capacity];
    this.columns = new int[capacity];
  }

  public void clear() {
    size = 0;
  }

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == capacity;
  }

  /** The largest value kept (meaningful when not empty): a full heap drops every value ≥ it. */
  public float top() {
    return values[0];
  }

  /** Keeps (value, column) if it is among the smallest {@code capacity} offered so far. */
  public void offer(float value, int column) {
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!greater(value, column, values[parent], columns[parent])) {
          break;
        }
        values[i] = values[parent];
        columns[i] = columns[parent];
        i = parent;
      }
      values[i] = value;
      columns[i] = column;
    } else if (value < values[0]) {
      siftDown(value, column, size);
    }
  }

  private void siftDown(float value, int column, int end) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= end) {
        break;
      }
      int right = child + 1;
      if (right < end && greater(values[right], columns[right], values[child], columns[child])) {
        child = right;
      }
      if (!greater(values[child], columns[child], value, column)) {
        break;
      }
      values[i] = values[child];
      columns[i] = columns[child];
      i = child;
    }
    values[i] = value;
    columns[i] = column;
  }

  private static boolean greater(float v1, int c1, float v2, int c2) {
    return v1 > v2 || (v1 == v2 && c1 > c2);
  }

  /** Heap-sorts in place: afterwards {@link #value}(i) ascends (ties by column) until the next offer or clear. */
  public void sortAscending() {
    for (int end = size - 1; end > 0; end--) {
      float topValue = values[0];
      int topColumn = columns[0];
      siftDown(values[end], columns[end], end);
      values[end] = topValue;
      columns[end] = topColumn;
    }
  }

  /** The i-th value (heap order, or ascending after {@link #sortAscending}). */
  public float value(int i) {
    return values[i];
  }

  /** The i-th column. */
  public int column(int i) {
    return columns[i];
  }

  /** The columns kept, in the current order; a copy. */
  int[] columnsCopy() {
    return java.util.Arrays.copyOf(columns, size);
  }

  /** The values kept, in the current order; a copy. */
  float[] valuesCopy() {
    return java.util.Arrays.copyOf(values, size);
  }
}
