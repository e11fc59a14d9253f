package org.causaldensity.demo;

/**
 * The paths {@link SyntheticDataset#write} wrote, as the analysis takes them.
 *
 * @param distances {@code inputs/distances_causal_<N>_full.npy}: N×N float32 causal distances
 * @param tokenIndices {@code inputs/distances_causal_<N>.pt}: {@code {'token_indices': int64 [N]}}
 * @param metric {@code inputs/causal_metric_tensor_demo.pt}: {@code {'M': float32 [d, d]}}
 * @param modelDir {@code inputs/model}: the sharded BF16 safetensors checkpoint with its index and config
 */
public record DemoFiles(String distances, String tokenIndices, String metric, String modelDir) {}
