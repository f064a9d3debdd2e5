package io.hicra.metrics;

/**
 * The result of {@link Changepoints#risingTurn}: where a series turns from falling or flat to
 * rising, if it does.
 *
 * @param found whether a turn passed every test (shape and significance)
 * @param index index in the series of the best breakpoint, -1 if the series was too short to fit
 * @param step the step at {@code index}, -1 if {@code index} is -1
 * @param slopeBefore fitted slope before the breakpoint (value per step), 0 if {@code index} is -1
 * @param slopeAfter fitted slope after the breakpoint (value per step), 0 if {@code index} is -1
 * @param fStatistic the F statistic of the best hinge against one straight line, 0 if none
 * @param pValue the Monte-Carlo p-value of that sup-F statistic (see {@link Changepoints}), 1 if
 *     none
 */
public record RisingTurn(
    boolean found,
    int index,
    long step,
    double slopeBefore,
    double slopeAfter,
    double fStatistic,
    double pValue) {

  static final RisingTurn NONE = new RisingTurn(false, -1, -1, 0, 0, 0, 1);
}
