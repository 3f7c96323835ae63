#!/usr/bin/env bash
# Uses tfvae the way a project outside this build would: installs the modules into the local Maven repository, then
# builds this stand-alone consumer (its own pom.xml, depending only on dev.tfvae:tfvae-runtime), runs it on the MNIST
# fixture, and checks that the GPU switch selects TensorFlow's CUDA native library, both in this build (-Pgpu) and for
# a consumer (-Dtfvae.gpu; Maven never passes -P on to a dependency's POM). The GPU check resolves the dependency
# tree only, so the 526 MB GPU jar is not downloaded.
# Usage: examples/consumer/run.sh   (TFVAE_MAVEN_ARGS, e.g. -o, is passed to every mvn call)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
read -r -a extra <<<"${TFVAE_MAVEN_ARGS:-}"
mvn=(mvn -B -Dstyle.color=never "${extra[@]}")
# Maven 3.8 prints colour resets even in batch mode: strip them
run_mvn() { "${mvn[@]}" "$@" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g'; }
start=$SECONDS
fail() { echo "consumer check FAILED: $*" >&2; exit 1; }

run_mvn -q -f "$root/pom.xml" install -DskipTests
run_mvn -q -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
output=$(TF_CPP_MIN_LOG_LEVEL=2 java -Djava.awt.headless=true -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.tfvae.consumer.Main "$root/api/src/test/resources/mnist-fixture" 500 500 2>&1) || fail "the consumer's Main failed: $output"
echo "$output" | grep -v -e 'absl::InitializeLog' -e 'mlir_graph_optimization_pass'
grep -qE '^test ELBO -[0-9]+\.[0-9]+ nats$' <<<"$output" || fail "no finite test ELBO printed"

native() { grep -oE 'org\.tensorflow:tensorflow-core-native:jar:linux-x86_64[a-z-]*' | sort -u; }
cpu=$(run_mvn -f "$here/pom.xml" dependency:tree | native)
[[ "$cpu" == *:linux-x86_64 ]] || fail "the consumer's default native library is '$cpu', not linux-x86_64"
gpu=$(run_mvn -f "$here/pom.xml" -Dtfvae.gpu dependency:tree | native)
[[ "$gpu" == *:linux-x86_64-gpu ]] || fail "-Dtfvae.gpu gave the consumer '$gpu', not linux-x86_64-gpu"
gpu_root=$(run_mvn -f "$root/pom.xml" -pl runtime -Pgpu dependency:tree | native)
[[ "$gpu_root" == *:linux-x86_64-gpu ]] || fail "-Pgpu gave the build '$gpu_root', not linux-x86_64-gpu"
echo "native library: consumer ${cpu##*:}, consumer -Dtfvae.gpu ${gpu##*:}, build -Pgpu ${gpu_root##*:}"
echo "consumer check passed in $((SECONDS - start)) s"
