package io.hicra.examples;

/**
 * Settings of one example RL run.
 *
 * @param algorithm credit assignment scheme
 * @param seed seeds policy initialisation, warm-up data, problem draws and sampling
 * @param taskSeed fixes the task (which strategy works per family, the held-out split)
 * @param families number of problem families
 * @param hidden width of the policy's hidden layers
 * @param warmupSteps supervised warm-up steps on demonstrations (the "base model")
 * @param warmupBatch demonstrations per warm-up step
 * @param warmupLearningRate Adam step size of the warm-up
 * @param steps RL steps
 * @param problemsPerStep prompts per RL step
 * @param groupSize rollouts per prompt (G)
 * @param learningRate Adam step size of the RL phase
 * @param temperature sampling temperature of rollouts and evaluation
 * @param alpha HICRA's planning amplification (used by {@link Algorithm#HICRA})
 * @param entropyCoefficient weight of the entropy bonus (used by {@link Algorithm#ENTROPY})
 * @param evalEvery evaluate on held-out problems every this many steps (and at 0 and the end)
 * @param evalProblems held-out problems per evaluation
 * @param evalSamples samples per held-out problem (pass@1 is their mean, pass@k from them)
 * @param targetAccuracy held-out accuracy whose first crossing is reported as steps-to-target
 */
public record RunConfig(
    Algorithm algorithm,
    long seed,
    long taskSeed,
    int families,
    int hidden,
    int warmupSteps,
    int warmupBatch,
    double warmupLearningRate,
    int steps,
    int problemsPerStep,
    int groupSize,
    double learningRate,
    double temperature,
    double alpha,
    double entropyCoefficient,
    int evalEvery,
    int evalProblems,
    int evalSamples,
    double targetAccuracy) {

  /** The default run: 200 RL steps of 16 prompts × 8 rollouts, evaluated every 10 steps. */
  public static RunConfig defaults(Algorithm algorithm, long seed) {
    return new RunConfig(algorithm, seed, 2026L, 10, 256, 300, 64, 1e-2,
        200, 16, 8, 2e-3, 1.0, 0.2, 0.01, 10, 100, 4, 0.3);
  }

  /**
   * The quick run the integration test uses: the same task and base model, 100 steps of 12 prompts
   * × 8 rollouts and a smaller evaluation.
   */
  public static RunConfig quick(Algorithm algorithm, long seed) {
    return new RunConfig(algorithm, seed, 2026L, 10, 256, 300, 64, 1e-2,
        100, 12, 8, 2e-3, 1.0, 0.2, 0.01, 10, 50, 4, 0.3);
  }

  /** This configuration with another algorithm. */
  public RunConfig withAlgorithm(Algorithm a) {
    return new RunConfig(a, seed, taskSeed, families, hidden, warmupSteps, warmupBatch,
        warmupLearningRate, steps, problemsPerStep, groupSize, learningRate, temperature, alpha,
        entropyCoefficient, evalEvery, evalProblems, evalSamples, targetAccuracy);
  }

  /** This configuration with another warm-up length. */
  public RunConfig withWarmup(int w) {
    return new RunConfig(algorithm, seed, taskSeed, families, hidden, w, warmupBatch,
        warmupLearningRate, steps, problemsPerStep, groupSize, learningRate, temperature, alpha,
        entropyCoefficient, evalEvery, evalProblems, evalSamples, targetAccuracy);
  }

  /** This configuration with another RL learning rate. */
  public RunConfig withLearningRate(double lr) {
    return new RunConfig(algorithm, seed, taskSeed, families, hidden, warmupSteps, warmupBatch,
        warmupLearningRate, steps, problemsPerStep, groupSize, lr, temperature, alpha,
        entropyCoefficient, evalEvery, evalProblems, evalSamples, targetAccuracy);
  }

  /** This configuration with another number of RL steps. */
  public RunConfig withSteps(int s) {
    return new RunConfig(algorithm, seed, taskSeed, families, hidden, warmupSteps, warmupBatch,
        warmupLearningRate, s, problemsPerStep, groupSize, learningRate, temperature, alpha,
        entropyCoefficient, evalEvery, evalProblems, evalSamples, targetAccuracy);
  }
}
