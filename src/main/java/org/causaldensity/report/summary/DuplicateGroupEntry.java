package org.causaldensity.report.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One listed group of tokens at distance exactly 0 from each other.
 *
 * @param causalNorm mean causal norm of its tokens
 * @param tokenIds its first {@link org.causaldensity.answer.DuplicateGroups#LISTED_TOKEN_IDS} token ids in row order
 * @param tokens their strings; left out without a tokenizer
 */
public record DuplicateGroupEntry(int size, double causalNorm, long[] tokenIds,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> tokens) {}
