package org.causaldensity.io.rowblocks;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.HadoopReadChannel;

/**
 * Row-block files ({@code data-schema/row-blocks.md}): Arrow IPC files whose record batches hold consecutive matrix
 * rows as a {@code row: int64} column and a {@code distances: fixed_size_list<float32>[N]} column, so a batch's
 * values are one contiguous little-endian float32 buffer that reads into the scan's array with a single copy.
 * Written and read through the Hadoop FileSystem API; pyarrow opens them with {@code pyarrow.ipc.open_file}.
 */
public final class RowBlockFiles {
  public static final String EXTENSION = ".arrow";
  static final String ROW = "row";
  static final String DISTANCES = "distances";
  /** Off-heap memory one reader or writer may hold: a few blocks. */
  static final long ALLOCATOR_LIMIT = 1L << 30;

  private RowBlockFiles() {}

  /** Receives each block: rows [firstRow, firstRow + rowCount) in {@code values[0 .. rowCount*n)}. */
  @FunctionalInterface
  public interface BlockConsumer {
    void accept(long firstRow, int rowCount, float[] values);
  }

  /** The schema of an n-column matrix's row blocks. */
  static Schema schema(int n) {
    Field row = new Field(ROW, FieldType.notNullable(new ArrowType.Int(64, true)), null);
    Field item = new Field("item", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        null);
    Field distances = new Field(DISTANCES, FieldType.notNullable(new ArrowType.FixedSizeList(n)), List.of(item));
    return new Schema(List.of(row, distances));
  }

  /** The row-block files in {@code dir}, by name. */
  public static List<String> list(String dir, Configuration conf) {
    List<String> files = new ArrayList<>();
    try {
      for (FileStatus status : HadoopFiles.fileSystem(dir, conf).listStatus(new Path(dir))) {
        if (status.isFile() && status.getPath().getName().endsWith(EXTENSION)) {
          files.add(status.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw CausalDensityException.io(dir, e);
    }
    files.sort(null);
    return files;
  }

  /**
   * Reads every block of {@code file} (an n-column matrix's row blocks), handing each to {@code consumer}. A file
   * of another schema, a block reaching outside [0, n) or rows that are not consecutive are refused naming the file.
   */
  public static void read(String file, int n, Configuration conf, BlockConsumer consumer) {
    try (FSDataInputStream in = HadoopFiles.open(file, conf);
        BufferAllocator allocator = new RootAllocator(ALLOCATOR_LIMIT);
        ArrowFileReader reader = new ArrowFileReader(new SeekableReadChannel(
            new HadoopReadChannel(in, HadoopFiles.length(file, conf))), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (!root.getSchema().equals(schema(n))) {
        throw CausalDensityException.invalidFile(file, "is not a row-blocks file of %d columns: schema is %s", n,
            root.getSchema());
      }
      float[] values = null;
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        int count = root.getRowCount();
        BigIntVector rows = (BigIntVector) root.getVector(ROW);
        Float4Vector floats = (Float4Vector) ((FixedSizeListVector) root.getVector(DISTANCES)).getDataVector();
        long first = count == 0 ? 0 : rows.get(0);
        if (count < 1 || first < 0 || first + count > n) {
          throw CausalDensityException.invalidFile(file, "holds a block of %d rows from row %d, outside [0, %d)",
              count, first, n);
        }
        for (int i = 1; i < count; i++) {
          if (rows.get(i) != first + i) {
            throw CausalDensityException.invalidFile(file, "block from row %d has row %d at position %d: rows must "
                + "be consecutive", first, rows.get(i), i);
          }
        }
        if (values == null || values.length < count * n) {
          values = new float[count * n];
        }
        floats.getDataBuffer().nioBuffer(0, count * n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
            .get(values, 0, count * n);
        consumer.accept(first, count, values);
      }
    } catch (IOException e) {
      throw CausalDensityException.invalidFile(file, "is not a readable Arrow IPC file: %s", e.getMessage());
    } catch (CausalDensityException e) {
      throw e;
    } catch (RuntimeException e) {
      throw CausalDensityException.invalidFile(file, "is not a readable Arrow IPC file: %s", e);
    }
  }

  /** Writes blocks of consecutive rows of an n-column matrix to one file. */
  public static final class Writer implements Closeable {
    private final String file;
    private final int n;
    private final OutputStream out;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;

    public Writer(String file, int n, Configuration conf) {
      this.file = file;
      this.n = n;
      this.out = HadoopFiles.create(file, conf);
      this.allocator = new RootAllocator(ALLOCATOR_LIMIT);
      this.root = VectorSchemaRoot.create(schema(n), allocator);
      this.writer = new ArrowFileWriter(root, null, Channels.newChannel(out));
      try {
        writer.start();
      } catch (IOException e) {
        close();
        throw CausalDensityException.io(file, e);
      }
    }

    /** Appends rows [firstRow, firstRow + rowCount) whose values are {@code values[0 .. rowCount*n)}. */
    public void write(long firstRow, int rowCount, float[] values) {
      BigIntVector rows = (BigIntVector) root.getVector(ROW);
      FixedSizeListVector lists = (FixedSizeListVector) root.getVector(DISTANCES);
      Float4Vector floats = (Float4Vector) lists.getDataVector();
      root.allocateNew();
      rows.allocateNew(rowCount);
      floats.allocateNew(rowCount * n);
      for (int i = 0; i < rowCount; i++) {
        rows.set(i, firstRow + i);
        lists.setNotNull(i);
      }
      floats.getValidityBuffer().setOne(0, (rowCount * n + 7) / 8);
      floats.getDataBuffer().nioBuffer(0, rowCount * n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
          .put(values, 0, rowCount * n);
      root.setRowCount(rowCount);
      try {
        writer.writeBatch();
      } catch (IOException e) {
        throw CausalDensityException.io(file, e);
      }
    }

    @Override
    public void close() {
      try {
        writer.end();
      } catch (IOException e) {
        throw CausalDensityException.io(file, e);
      } finally {
        writer.close();
        root.close();
        allocator.close();
        try {
          out.close();
        } catch (IOException e) {
          throw CausalDensityException.io(file, e);
        }
      }
    }
  }
}
