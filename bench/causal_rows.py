"""Shared by the matrix-free benchmark's Python peers: the inputs read the way a numpy/FAISS user would read them.

- rows of the unembedding gathered from the safetensors checkpoint (lm_head.weight where stored, else the tied
  model.embed_tokens.weight), BF16 -> float32 exactly (a BF16 value is the top half of a float32);
- token ids and M from their torch.save dicts, with weights_only=True (a pickle never runs anything);
- the whitening factor L with M = L Lᵀ, so that x = Lᵀγ (rows: X = Γ L) has ‖x_i − x_j‖ = the causal distance.
"""
import json
import os

import numpy as np

BF16_SHIFT = 16
DTYPES = {"BF16": np.uint16, "F16": np.float16, "F32": np.float32}


def unembedding_entry(model_dir):
    """(path of the shard, offset of the tensor's first byte, dtype name, shape) of the unembedding."""
    index_path = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.exists(index_path):
        weight_map = json.load(open(index_path))["weight_map"]
    else:
        weight_map = {name: "model.safetensors" for name in read_header(os.path.join(model_dir, "model.safetensors"))[0]}
    name = "lm_head.weight" if "lm_head.weight" in weight_map else "model.embed_tokens.weight"
    path = os.path.join(model_dir, weight_map[name])
    header, data_start = read_header(path)
    entry = header[name]
    return path, data_start + entry["data_offsets"][0], entry["dtype"], entry["shape"]


def read_header(path):
    """The safetensors JSON header of `path` and the offset where its data begins."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        return json.loads(f.read(n)), 8 + n


def to_float32(raw, dtype):
    if dtype == "BF16":
        return (raw.astype(np.uint32) << BF16_SHIFT).view(np.float32)
    return raw.astype(np.float32)


def gather_rows(model_dir, ids):
    """Rows `ids` of the unembedding as float32 (len(ids) × hidden), read in id order through a memory map."""
    path, offset, dtype, shape = unembedding_entry(model_dir)
    table = np.memmap(path, dtype=DTYPES[dtype], mode="r", offset=offset, shape=tuple(shape))
    order = np.argsort(ids, kind="stable")
    rows = np.empty((len(ids), shape[1]), dtype=np.float32)
    rows[order] = to_float32(np.asarray(table[ids[order]]), dtype)
    return rows


def all_rows(model_dir):
    """The whole unembedding as float32."""
    path, offset, dtype, shape = unembedding_entry(model_dir)
    table = np.memmap(path, dtype=DTYPES[dtype], mode="r", offset=offset, shape=tuple(shape))
    return to_float32(np.asarray(table), dtype)


def token_ids(path):
    import torch
    return torch.load(path, weights_only=True)["token_indices"].numpy().astype(np.int64)


def metric(path):
    import torch
    return torch.load(path, weights_only=True)["M"].numpy()


def whitening_factor(m):
    """L (float64) with M = L Lᵀ: Cholesky, or for a semi-definite M the eigen-decomposition V·sqrt(max(w, 0))."""
    m64 = np.asarray(m, dtype=np.float64)
    try:
        return np.linalg.cholesky(m64)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(m64)
        return v * np.sqrt(np.maximum(w, 0.0))


def blas_report():
    """Which BLAS/OpenMP libraries and kernels this process runs (threadpoolctl)."""
    from threadpoolctl import threadpool_info
    return [{k: lib.get(k) for k in ("internal_api", "filepath", "version", "architecture", "num_threads")}
            for lib in threadpool_info()]
