package org.causaldensity.io.tokens;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Writes {@link TokenRow}s as one Parquet file of {@code OUT/tokens/} with Parquet's own writer, through the Hadoop
 * FileSystem API. The schema is the one Spark writes for the tokens table (standard three-level lists, the message
 * named {@code spark_schema}), so Spark, pyarrow and pandas read the files as if Spark had written them; the caller
 * may add Spark's own schema as file metadata. Snappy, no dictionary pages (the values are nearly all distinct).
 */
public final class TokensParquet {
  /** The Parquet schema of a tokens file. */
  public static final MessageType SCHEMA = Types.buildMessage()
      .required(INT64).named("row")
      .required(INT64).named("token_id")
      .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("token")
      .required(DOUBLE).named("causal_norm")
      .requiredList().requiredElement(INT32).named("neighbour_rows")
      .requiredList().requiredElement(INT64).named("neighbour_token_ids")
      .requiredList().requiredElement(FLOAT).named("neighbour_distances")
      .required(DOUBLE).named("mean_knn_distance")
      .required(DOUBLE).named("density")
      .required(DOUBLE).named("log_volumetric_density")
      .required(DOUBLE).named("log_density_lq")
      .required(DOUBLE).named("local_dimension_mle")
      .required(DOUBLE).named("twonn_ratio")
      .required(DOUBLE).named("notebook_density")
      .required(INT32).named("exact_duplicates")
      .required(FLOAT).named("self_distance")
      .required(INT32).named("invalid_distances")
      .required(INT32).named("first_invalid_column")
      .required(INT32).named("multiplicity")
      .named("spark_schema");

  private TokensParquet() {}

  /** Parquet's view of a file created through {@link HadoopFiles} (so local files get no {@code .crc} side files). */
  private static final class HadoopFile implements OutputFile {
    private final String file;
    private final Configuration conf;

    HadoopFile(String file, Configuration conf) {
      this.file = file;
      this.conf = conf;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      FSDataOutputStream out = HadoopFiles.fileSystem(file, conf).create(new Path(file), true);
      return new DelegatingPositionOutputStream(out) {
        @Override
        public long getPos() throws IOException {
          return out.getPos();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file;
    }
  }

  /** One open tokens file; {@link #close()} completes it (footer). */
  public static final class Writer implements Closeable {
    private final String file;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    private long rows;

    /** Creates (or replaces) {@code file}; {@code metadata} goes into the footer's key-value metadata. */
    public Writer(String file, Configuration conf, Map<String, String> metadata) {
      this.file = file;
      try {
        writer = ExampleParquetWriter.builder(new HadoopFile(file, conf))
            .withConf(conf)
            .withType(SCHEMA)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(false)
            .withExtraMetaData(metadata)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
      } catch (IOException e) {
        throw CausalDensityException.io(file, e);
      }
    }

    /** Appends one row. */
    public void write(TokenRow row) {
      Group g = groups.newGroup()
          .append("row", row.row())
          .append("token_id", row.tokenId());
      if (row.token() != null) {
        g.append("token", row.token());
      }
      g.append("causal_norm", row.causalNorm());
      Group neighbours = g.addGroup("neighbour_rows");
      for (int v : row.neighbourRows()) {
        neighbours.addGroup("list").append("element", v);
      }
      Group ids = g.addGroup("neighbour_token_ids");
      for (long v : row.neighbourTokenIds()) {
        ids.addGroup("list").append("element", v);
      }
      Group distances = g.addGroup("neighbour_distances");
      for (float v : row.neighbourDistances()) {
        distances.addGroup("list").append("element", v);
      }
      g.append("mean_knn_distance", row.meanKnnDistance())
          .append("density", row.density())
          .append("log_volumetric_density", row.logVolumetricDensity())
          .append("log_density_lq", row.logDensityLq())
          .append("local_dimension_mle", row.localDimensionMle())
          .append("twonn_ratio", row.twonnRatio())
          .append("notebook_density", row.notebookDensity())
          .append("exact_duplicates", row.exactDuplicates())
          .append("self_distance", row.selfDistance())
          .append("invalid_distances", row.invalidDistances())
          .append("first_invalid_column", row.firstInvalidColumn())
          .append("multiplicity", row.multiplicity());
      try {
        writer.write(g);
      } catch (IOException e) {
        throw CausalDensityException.io(file, e);
      }
      rows++;
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw CausalDensityException.io(file, e);
      }
    }
  }
}
