package org.causaldensity.provenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What produced a result, for {@code summary.json}'s {@code "provenance"} block: the build, the runtime, the cluster,
 * every input file as read, every option and the command line. Two runs with equal results differ here (paths,
 * times, the cluster), which is why result comparisons leave this block out.
 *
 * @param build project version and git commit
 * @param sparkVersion Spark's version at run time
 * @param hadoopVersion the Hadoop client's version at run time
 * @param java the JVM: version, vendor and VM name
 * @param cluster where the run ran
 * @param inputs every file the run read, by option
 * @param options every option of the run, by its summary name, paths qualified
 * @param commandLine the application's arguments ({@code run --distances …}), secrets masked
 * @param launcherCommandLine the driver JVM's command line ({@code … SparkSubmit --master …}), secrets masked
 */
public record Provenance(BuildInfo build, String sparkVersion, String hadoopVersion, String java, Cluster cluster,
    List<InputFile> inputs, Map<String, Object> options, List<String> commandLine, String launcherCommandLine) {

  /**
   * @param master the master URL ({@code local[*]}, {@code spark://…}, {@code yarn})
   * @param deployMode {@code client} or {@code cluster}
   * @param applicationId Spark's id of the run's application
   * @param executors executors registered when the summary was written; 0 in local mode (the driver runs the tasks)
   * @param defaultParallelism Spark's default parallelism (total executor cores)
   */
  public record Cluster(String master, String deployMode, String applicationId, int executors,
      int defaultParallelism) {}

  /**
   * One file read by the run.
   *
   * @param option the option that named it ({@code --model} for every file of the model folder)
   * @param path its qualified path
   * @param bytes its length
   * @param modified its modification time, ISO-8601 UTC
   * @param fingerprint how its content was fingerprinted and the value (io.ContentFingerprint)
   */
  public record InputFile(String option, String path, long bytes, String modified, String fingerprintAlgorithm,
      String fingerprint) {}

  /** The block as summary.json holds it. */
  public Map<String, Object> toMap() {
    Map<String, Object> block = new LinkedHashMap<>();
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("version", build.version());
    project.put("commit", build.commit());
    block.put("project", project);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("spark", sparkVersion);
    versions.put("hadoop", hadoopVersion);
    versions.put("java", java);
    block.put("versions", versions);
    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("master", cluster.master());
    spark.put("deploy_mode", cluster.deployMode());
    spark.put("application_id", cluster.applicationId());
    spark.put("executors", (long) cluster.executors());
    spark.put("default_parallelism", (long) cluster.defaultParallelism());
    block.put("spark", spark);
    block.put("inputs", inputs.stream().map(file -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("option", file.option());
      entry.put("path", file.path());
      entry.put("bytes", file.bytes());
      entry.put("modified", file.modified());
      Map<String, Object> fingerprint = new LinkedHashMap<>();
      fingerprint.put("algorithm", file.fingerprintAlgorithm());
      fingerprint.put("value", file.fingerprint());
      entry.put("fingerprint", fingerprint);
      return (Object) entry;
    }).toList());
    block.put("options", options);
    block.put("command_line", commandLine);
    block.put("launcher_command_line", launcherCommandLine);
    return block;
  }
}
