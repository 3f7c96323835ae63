# Shared by the launchers in scripts/: the project's class path (built on first use, cached, rebuilt when a
# pom or a main source changes) and the environment every launcher runs TensorFlow with.
# Source it; it defines $root, tfvae_classpath and tfvae_java.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# TensorFlow's native log lines: level 2 keeps errors only. TF 2.18 prints two absl lines whatever the level;
# tfvae_java filters exactly those two.
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
# oneDNN kernels: off by default on CPUs without AVX-512; on a 2-core AMD EPYC it measured faster on than off
# (docs/results.md, "Speed", gives both, with the commands that measured them).
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}

# JVM options of every launcher. The serial collector keeps the heap compact: with it the whole reproduce job
# (training, figures, part 4, evaluation) peaks under 1 GiB of resident memory; G1 with a 2 GB heap peaked at 1.2 GB.
TFVAE_JAVA_OPTS=${TFVAE_JAVA_OPTS:--Xms32m -Xmx1g -XX:+UseSerialGC}
# The library reports progress (when asked: TrainOptions/SviOptions progress) through System.Logger, which the JDK
# sends to java.util.logging: here each record is its message on one line ("epoch 3/100  train ELBO ..."), not the
# default two lines of date, source and level. (No spaces in the format: TFVAE_JAVA_OPTS is split at spaces.)
TFVAE_JAVA_OPTS="$TFVAE_JAVA_OPTS -Djava.util.logging.SimpleFormatter.format=%5\$s%6\$s%n"

# The class path is built with the Maven wrapper (scripts/mvnw: the Maven version pinned in .mvn/wrapper/, downloaded
# on first use), so a machine needs only a JDK.
# Extra Maven arguments for the class path build, e.g. TFVAE_MAVEN_ARGS=-Pgpu for the CUDA native library.
TFVAE_MAVEN_ARGS=${TFVAE_MAVEN_ARGS:-}

# tfvae_classpath [MODULE]: the class path of a program module, examples (the default) or runtime/cli (scripts/vae):
# its classes, then its runtime-scope dependencies (the other modules' classes or jars, and every library).
tfvae_classpath() {
  local module=${1:-examples}
  local cp=$root/$module/target/classpath.txt stamp=$root/$module/target/classpath.args
  local stale=0
  if [ ! -s "$cp" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$TFVAE_MAVEN_ARGS" ]; then
    stale=1
  elif [ -n "$(find "$root"/pom.xml "$root"/{api,api/kotlin,runtime,runtime/spark,runtime/cli,charts,examples}/pom.xml -newer "$cp" -print -quit 2>/dev/null)" ] ||
       [ -n "$(find "$root"/{api,api/kotlin,runtime,runtime/spark,runtime/cli,charts,examples}/src/main -type f -newer "$cp" -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "building tfvae (first use, or sources changed) ..." >&2
    # shellcheck disable=SC2086
    # Maven 3.8 prints colour resets even in batch mode: strip them
    (set -o pipefail; cd "$root" && scripts/mvnw -B -q -Dstyle.color=never -pl "$module" -am $TFVAE_MAVEN_ARGS compile \
        dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime 2>&1 |
        sed -e 's/\x1b\[[0-9;]*m//g' >&2) ||
      { echo "tfvae: the Maven build failed (see above)" >&2; return 1; }
    printf '%s' "$TFVAE_MAVEN_ARGS" > "$stamp"
    touch "$cp" # the plugin leaves an unchanged file alone; the stamp must still be newer than the sources
  fi
  printf '%s:%s' "$root/$module/target/classes" "$(cat "$cp")"
}

# Keeps every stderr line but the two absl lines TF 2.18 prints at its first session run, and the error-level line
# its oneDNN layout pass prints when an IWAE training graph's int64 shape arithmetic reaches it ("... Falling back to
# the default Eigen-based implementation"): the op then runs on Eigen, as every int64 op does without oneDNN.
tfvae_filter_tf_noise() {
  grep --line-buffered -v -e '^WARNING: All log messages before absl::InitializeLog() is called' \
    -e '^I0000 .*mlir_graph_optimization_pass.cc' \
    -e '^[0-9-]* [0-9:.]*: E tensorflow/core/util/util.cc:[0-9]*\] oneDNN supports DT_INT64 only on platforms with AVX-512' >&2 || true
}

# tfvae_java MAIN_CLASS ARGS...: runs a class of the examples module in a fresh JVM.
tfvae_java() { tfvae_java_in examples "$@"; }

# tfvae_java_in MODULE MAIN_CLASS ARGS...: runs a class of the program module MODULE (examples, runtime/cli) in a fresh JVM.
tfvae_java_in() {
  local cp module=$1 main=$2; shift 2
  cp=$(tfvae_classpath "$module") || return 1
  # shellcheck disable=SC2086
  java $TFVAE_JAVA_OPTS -Djava.awt.headless=true -cp "$cp" "$main" "$@" 2> >(tfvae_filter_tf_noise)
}

# tfvae_mnist_first MAIN ARGS...: fetches MNIST into data/mnist for MAIN (a picocli program of the examples module)
# unless the user's ARGS name --data or ask for --help or --version. MAIN checks ARGS first, in a JVM that only parses
# and checks them (tfvae.cli.check; nothing read or written), so a bad option is one line and exit 2 before anything is
# downloaded. Returns MAIN's status when it refused the options.
tfvae_mnist_first() {
  local main=$1 a; shift
  for a in "$@"; do case "$a" in --data|--data=*|-h|--help|-V|--version) return 0;; esac; done
  TFVAE_JAVA_OPTS="$TFVAE_JAVA_OPTS -Dtfvae.cli.check=true" tfvae_java "$main" "$@" || return
  "$root/scripts/fetch-mnist" "$root/data/mnist" >&2
}
