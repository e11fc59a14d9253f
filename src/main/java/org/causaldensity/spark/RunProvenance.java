package org.causaldensity.spark;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.VersionInfo;
import org.apache.spark.SparkContext;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.provenance.BuildInfo;
import org.causaldensity.provenance.InputFiles;
import org.causaldensity.provenance.Invocation;
import org.causaldensity.provenance.Provenance;

/** Collects a run's {@link Provenance} from the running SparkContext, the options and the input files. */
public final class RunProvenance {
  private RunProvenance() {}

  public static Provenance collect(SparkContext sc, AnalysisOptions options, Configuration conf) {
    // The executors' count excludes the driver, which getExecutorMemoryStatus lists too.
    int executors = sc.isLocal() ? 0 : Math.max(0, sc.getExecutorMemoryStatus().size() - 1);
    Provenance.Cluster cluster = new Provenance.Cluster(sc.master(), sc.deployMode(), sc.applicationId(), executors,
        sc.defaultParallelism());
    String java = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
        + System.getProperty("java.vm.name") + ")";
    return new Provenance(BuildInfo.current(), sc.version(), VersionInfo.getVersion(), java, cluster,
        InputFiles.describe(InputFiles.paths(options), conf), options(options), Invocation.arguments(), Invocation.processCommandLine());
  }

  /** Every component of the options record under its snake_case name: a new option appears without a change here. */
  static Map<String, Object> options(AnalysisOptions options) {
    Map<String, Object> block = new LinkedHashMap<>();
    for (RecordComponent component : AnalysisOptions.class.getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(options);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("record accessor " + component.getName(), e);
      }
      if (value instanceof Enum<?> e) {
        value = e.name().toLowerCase(Locale.ROOT);
      }
      block.put(component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT), value);
    }
    return block;
  }
}
