/**
 * Strategic Grams: finding the planning tokens of HICRA (arXiv:2509.03646, §2.1) in rollouts.
 *
 * <h2>Concepts</h2>
 *
 * A <b>Strategic Gram</b> ({@link io.hicra.grams.StrategicGram}) is a phrase that steers a
 * reasoning trace ("let's try a different approach", "we can use the fact that"), with a {@link
 * io.hicra.grams.GramCategory}. A {@link io.hicra.grams.StrategicGramSet} is an immutable lexicon
 * with stable ids, read from and written to TSV; {@link
 * io.hicra.grams.StrategicGramSet#defaultSet()} is the lexicon shipped with hicra. A token is a
 * <b>planning token</b> iff its characters overlap a gram match in its own text.
 *
 * <h2>From text and tokens to a planning mask</h2>
 *
 * <pre>{@code
 * TokenAligner aligner = TokenAligner.defaultAligner();
 * TokenMask planning = TokenMask.empty(layout.tokens());        // whole batch
 * for (int r = 0; r < layout.rollouts(); r++) {
 *   aligner.markOffsets(texts[r], starts[r], ends[r], OffsetUnit.CODE_POINTS, planning, layout, r);
 * }
 * float[] adv = HicraAdvantage.compute(seqAdvantages, layout, planning, 0.2);
 * }</pre>
 *
 * {@link io.hicra.grams.GramMatcher} finds the grams (an Aho-Corasick automaton compiled to flat
 * arrays; all overlapping matches or leftmost-longest ones); {@link io.hicra.grams.TokenAligner}
 * maps matches to tokens through {@link io.hicra.grams.TokenSpans} (offsets in UTF-16 chars or code
 * points, decoded pieces, or UTF-8 byte pieces of byte-level BPE). {@link io.hicra.grams.GramMiner}
 * builds a gram set from a model's own solutions.
 *
 * <h2>Units and spans</h2>
 *
 * Every span is half-open, {@code [start, end)}: character spans in UTF-16 {@code char} indices
 * of the original text (code point offsets are converted once, at the boundary), token ranges in
 * token indices. Matching compares texts under {@link io.hicra.grams.TextNormalizer}'s
 * normalisation (case folding, whitespace runs, typographic quotes) and requires word boundaries
 * at both ends of a match, but spans always point into the original text.
 *
 * <h2>Threads, allocation, errors</h2>
 *
 * Lexicons, matchers, aligners and miners are immutable and thread-safe; an {@link
 * io.hicra.grams.NgramCounter} is one per thread. {@link io.hicra.grams.GramMatcher#scan} and the
 * {@code TokenAligner.mark...} methods allocate nothing (UTF-16 offsets, or code points of text
 * without supplementary characters). Bad input fails at the public boundary with an {@link
 * java.lang.IllegalArgumentException} naming the argument, index or line and the value; a null
 * or empty text is not an error (it has no matches).
 */
package io.hicra.grams;
