#!/usr/bin/env bash
# Builds the benchmark jar and runs the JMH benchmarks with their baselines.
#   hicra-benchmarks/run.sh [--quick] [--prof gc] [REGEX]
# Writes hicra-benchmarks/target/ratios.json and prints the ratio table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
mvn -B -q -pl hicra-benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
exec java -jar "$here/target/benchmarks.jar" --out "$here/target/ratios.json" "$@"
