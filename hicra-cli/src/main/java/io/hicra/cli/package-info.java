/**
 * The {@code hicra} command: {@code analyze}, {@code mine} and {@code grams} over rollout logs
 * written by any trainer. Entry points: {@link io.hicra.cli.Main#main} (exits) and {@link
 * io.hicra.cli.Main#run(java.io.PrintWriter, String...)} (returns the exit code);
 * {@link io.hicra.cli.SampleLogGenerator} writes the shipped sample and benchmark logs.
 *
 * <h2>Input</h2>
 *
 * JSONL schema v1 ({@code docs/rollout-schema.md}): one rollout per line with {@code group},
 * {@code reward}, optional {@code step}, {@code id}, {@code text}, {@code tokens} or {@code
 * offsets}, {@code planning_mask}, {@code logprobs}, {@code old_logprobs}, {@code ref_logprobs},
 * {@code entropies} and {@code correct}; gzip detected by its magic bytes. Offsets are {@code
 * [start, end)} in Unicode code points, converted to UTF-16 indices once, when a line is parsed;
 * gram spans are converted back to code points for output.
 *
 * <h2>Pipeline and threads</h2>
 *
 * A reader thread cuts the input into chunks of lines; a pool of workers parses each line (plain
 * lines by a fast path of the parser's own, every other line with Jackson's streaming parser),
 * validates it (a rejected line becomes a record of its number and
 * reason, never a silent drop) and finds its Strategic Gram matches and planning tokens with
 * hicra-grams; the calling thread assembles each training step in input order, computes GRPO
 * advantages (hicra-core {@code GroupAdvantages}) and HICRA token advantages ({@code
 * HicraAdvantage}), and hands the step back to the pool for serialisation and for the step's
 * metrics (hicra-metrics {@code BatchMetrics}); a writer thread appends the results in order. Queues
 * between the stages are bounded, so memory holds one step plus a fixed number of chunks.
 *
 * <h2>Outputs</h2>
 *
 * {@code advantages.jsonl}, {@code metrics.csv}, {@code metrics.json}, {@code report.html} and
 * {@code errors.jsonl}, each written under a temporary name in the output directory and renamed
 * when the run completes (deleted if it does not). Exit codes: 0 success, 1 data errors, 2 usage
 * errors.
 */
package io.hicra.cli;
