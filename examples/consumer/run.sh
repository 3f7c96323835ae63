#!/usr/bin/env bash
# Uses tfvae the way a project outside this build would: installs the modules it uses into the local Maven repository, then
# builds this stand-alone consumer (its own pom.xml, depending only on dev.tfvae:tfvae-runtime) and checks four things.
#  1. It runs: Main trains on the MNIST fixture and prints a finite test ELBO. So does a Kotlin project on the oldest
#     Kotlin that tfvae-kotlin serves (kotlin/: kotlin-maven-plugin and kotlin-stdlib 2.2.21), through the DSL.
#  2. The library is quiet: Quiet trains one epoch with the default options, with TensorFlow's own log level left
#     at its default, and must print nothing on stdout and nothing on stderr but the five lines TensorFlow's native
#     code prints as it loads and at its first session run, before any Java code can silence it (QUIET_TF_LINES).
#  3. Each platform gets its native library: the dependency tree, resolved once per platform with -Dtfvae.platform,
#     holds exactly one classified org.tensorflow:tensorflow-core-native, of that platform's classifier; without the
#     override it is this machine's (linux-x86_64), and the GPU switch gives linux-x86_64-gpu both in this build (-Pgpu)
#     and for a consumer (-Dtfvae.gpu; Maven never passes -P on to a dependency's POM). Only POMs are resolved, so no
#     other platform's jar (the GPU one is 526 MB) is downloaded.
# Usage: examples/consumer/run.sh   (TFVAE_MAVEN_ARGS, e.g. -o, is passed to every Maven call)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
read -r -a extra <<<"${TFVAE_MAVEN_ARGS:-}"
# tfvae is installed into a local repository of this check's own (target/m2), chained in front of the user's, which
# is only read (Maven 3.9's maven.repo.local.tail): what the consumer resolves is this checkout's build, even when
# other builds on the machine install other tfvae snapshots into ~/.m2 meanwhile, and the user's is left unchanged.
m2=("-Dmaven.repo.local=$here/target/m2" "-Dmaven.repo.local.tail=${TFVAE_M2_TAIL:-$HOME/.m2/repository}")
mvn=("$root/scripts/mvnw" -B -Dstyle.color=never "${m2[@]}" "${extra[@]}")
run_mvn() { "${mvn[@]}" "$@" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g'; }
start=$SECONDS
fail() { echo "consumer check FAILED: $*" >&2; exit 1; }
fixture="$root/api/src/test/resources/mnist-fixture"

# the modules the two consumers use (tfvae-runtime, tfvae-kotlin) and what they need, without compiling or running tests
# and without the sources and javadoc jars, which no consumer reads (scripts/test's build has just made and tested them)
run_mvn -q -f "$root/pom.xml" install -pl runtime,api/kotlin -am -Dmaven.test.skip=true -Dmaven.source.skip=true -Dmaven.javadoc.skip=true
run_mvn -q -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"

# 1. it runs
output=$(TF_CPP_MIN_LOG_LEVEL=2 java -Djava.awt.headless=true -cp "$cp" dev.tfvae.consumer.Main "$fixture" 500 500 2>&1) ||
  fail "the consumer's Main failed: $output"
echo "$output" | grep -v -e 'absl::InitializeLog' -e 'mlir_graph_optimization_pass'
grep -qE '^test ELBO -[0-9]+\.[0-9]+ nats$' <<<"$output" || fail "no finite test ELBO printed"

# 1b. a Kotlin 2.2 project: it compiles against tfvae-kotlin (whose metadata must be 2.2 at most) and runs the DSL
run_mvn -q -f "$here/kotlin/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime || fail "the Kotlin 2.2 consumer did not build (see above)"
kcp="$here/kotlin/target/classes:$(cat "$here/kotlin/target/classpath.txt")"
grep -q '/kotlin-stdlib-2\.2\.21\.jar' <<<"$kcp" || fail "the Kotlin 2.2 consumer did not run on kotlin-stdlib 2.2.21: $kcp"
output=$(TF_CPP_MIN_LOG_LEVEL=2 java -Djava.awt.headless=true -cp "$kcp" dev.tfvae.consumer.kotlin.Main "$fixture" 500 500 2>&1) ||
  fail "the Kotlin 2.2 consumer failed: $output"
echo "$output" | grep -v -e 'absl::InitializeLog' -e 'mlir_graph_optimization_pass'
grep -qx 'spec: latent 2, hidden 50' <<<"$output" || fail "the Kotlin 2.2 consumer did not read spec.latent and spec.hidden"
grep -qE '^2 epochs, test ELBO -[0-9]+\.[0-9]+ nats$' <<<"$output" || fail "the Kotlin 2.2 consumer printed no finite test ELBO"
grep -qE '^q\(z \| top half\): 100 iterations, ELBO -[0-9]+\.[0-9]+ nats$' <<<"$output" || fail "the Kotlin 2.2 consumer's fitPosterior failed"
grep -qx 'completed 784 values, 392 observed kept' <<<"$output" || fail "the Kotlin 2.2 consumer's completion failed"

# 2. quiet. TensorFlow 2.18's native code writes these five lines on stderr, with TF_CPP_MIN_LOG_LEVEL at its default:
# when its library loads (oneDNN, and the CPU features it was not built for, two lines) and at the first session run
# (the absl logger's notice and MLIR's, which come before the absl logger is initialised, whatever the log level).
# Only an environment variable read by the native code at start-up silences the first three (TF_CPP_MIN_LOG_LEVEL=2),
# which a library cannot set for its host process; none comes from tfvae. Nothing else may appear.
QUIET_TF_LINES=(
  '^[0-9-]+ [0-9:.]+: I tensorflow/core/util/port\.cc:[0-9]+\] oneDNN custom operations are on\. '
  '^[0-9-]+ [0-9:.]+: I tensorflow/core/platform/cpu_feature_guard\.cc:[0-9]+\] This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations\.$'
  '^To enable the following instructions: [A-Z0-9_ ]+, in other operations, rebuild TensorFlow with the appropriate compiler flags\.$'
  '^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$'
  '^I0000 [0-9:. ]+[0-9]+ mlir_graph_optimization_pass\.cc:[0-9]+\] MLIR V1 optimization pass is not enabled$'
)
quiet_dir=$(mktemp -d); trap 'rm -rf "$quiet_dir"' EXIT
env -u TF_CPP_MIN_LOG_LEVEL java -Djava.awt.headless=true -cp "$cp" dev.tfvae.consumer.Quiet "$fixture" 500 500 \
  "$quiet_dir/result.txt" >"$quiet_dir/stdout" 2>"$quiet_dir/stderr" || fail "Quiet failed: $(cat "$quiet_dir/stderr")"
grep -qE '^1 epoch, test ELBO -[0-9]+\.[0-9]+ nats$' "$quiet_dir/result.txt" || fail "Quiet did not train: $(cat "$quiet_dir/result.txt")"
[ ! -s "$quiet_dir/stdout" ] || fail "training with the default options printed on stdout: $(cat "$quiet_dir/stdout")"
tf_patterns=(); for pattern in "${QUIET_TF_LINES[@]}"; do tf_patterns+=(-e "$pattern"); done
others=$(grep -v -E "${tf_patterns[@]}" "$quiet_dir/stderr" || true)
[ -z "$others" ] || fail "training with the default options printed on stderr: $others"
echo "quiet: $(cat "$quiet_dir/result.txt"); stdout empty; stderr: $(wc -l <"$quiet_dir/stderr") line(s), all TensorFlow's native start-up lines"

# 3. one native library per platform. The eight dependency trees only read POMs that the steps above resolved, so they
# are resolved side by side (each a Maven start of a few seconds, mostly on one thread; the client compiler only, which
# halves a start), then checked in order.
natives() { grep -oE 'org\.tensorflow:tensorflow-core-native:jar:[a-z0-9_-]+:' | sed 's/:$//' | sort -u; }
trees=$(mktemp -d); trap 'rm -rf "$quiet_dir" "$trees"' EXIT
start_tree() { # NAME MAVEN_ARGS...: resolves a dependency tree into $trees/NAME, in the background
  local name=$1; shift
  { if MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1" run_mvn "$@" dependency:tree >"$trees/$name" 2>&1; then echo 0; else echo 1; fi \
      >"$trees/$name.status"; } &
}
platforms=(linux-x86_64 linux-arm64 macosx-arm64 windows-x86_64 linux-x86_64-gpu)
for platform in "${platforms[@]}"; do start_tree "$platform" -f "$here/pom.xml" -Dtfvae.platform="$platform"; done
start_tree detected -f "$here/pom.xml"
start_tree gpu-switch -f "$here/pom.xml" -Dtfvae.gpu
start_tree gpu-profile -f "$root/pom.xml" -pl runtime -Pgpu
wait
tree=
expect_native() { # NAME PLATFORM DESCRIPTION: tree NAME must hold exactly one classified native, PLATFORM's
  local name=$1 want=$2 what=$3 got
  tree=$(cat "$trees/$name")
  [ "$(cat "$trees/$name.status")" = 0 ] || fail "$what: Maven failed: $tree"
  got=$(natives <<<"$tree")
  [ "$got" = "org.tensorflow:tensorflow-core-native:jar:$want" ] ||
    fail "$what resolved TensorFlow's native library to '${got//$'\n'/, }', not exactly one of classifier $want"
  printf '%s ' "$what: $want;"
}
for platform in "${platforms[@]}"; do expect_native "$platform" "$platform" "consumer -Dtfvae.platform=$platform"; done
expect_native detected linux-x86_64 "consumer (detected)"
# the consumer's tree: the fixed protobuf-java (TensorFlow asks for 3.21.9, CVE-2024-7254), and no Kotlin
protobuf=$(grep -oE 'com\.google\.protobuf:protobuf-java:jar:[0-9.]+' <<<"$tree" | sort -u)
[ "$protobuf" = "com.google.protobuf:protobuf-java:jar:3.25.9" ] || fail "the consumer resolved '$protobuf', not protobuf-java 3.25.9"
! grep -q 'org\.jetbrains\.kotlin' <<<"$tree" || fail "a Java consumer of tfvae-runtime got Kotlin: $(grep 'org\.jetbrains\.kotlin' <<<"$tree")"
expect_native gpu-switch linux-x86_64-gpu "consumer -Dtfvae.gpu"
expect_native gpu-profile linux-x86_64-gpu "build -Pgpu"
echo "protobuf-java 3.25.9, no Kotlin"
echo "consumer check passed in $((SECONDS - start)) s"
