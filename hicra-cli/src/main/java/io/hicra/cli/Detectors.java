package io.hicra.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Builds the {@link PlanningDetector} from a gram set file or the default set. */
final class Detectors {
  private Detectors() {}

  /** Temporary until hicra-grams is available: no grams, no planning tokens from matching. */
  static PlanningDetector load(Path tsv) throws IOException {
    return new PlanningDetector() {
      @Override
      public void detect(Rollout r) {
        r.grams = new Rollout.GramSpan[0];
        r.planning = new boolean[r.tokens];
      }

      @Override
      public int gramCount() {
        return 0;
      }
    };
  }
}
