#!/usr/bin/env bash
# Builds and runs the JMH benchmarks with a JDK 25; arguments go to JMH (e.g. a benchmark regex, -f 1 -wi 2 -i 3).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/java25-env
source "$root/bin/java25-env"
(cd "$root" && bin/mvn25 -B -q -pl benchmarks -am -DskipTests package)
exec java -jar "$root/benchmarks/target/benchmarks.jar" "$@"
