#!/bin/sh
# Runs the engine's native-code tests (each kernel interpreted and compiled, every byte compared)
# twice over one fresh kernel cache: the first run fills it, the second must pass with every
# kernel linked from the cache, so no object is written again.
set -eu
tests=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
QIAO_CACHE_DIR=$dir QIAO_EXEC=jit "$tests" --gtest_filter='NativeCode*' > /dev/null
cached=$(find "$dir" -name '*.o' | wc -l)
if [ "$cached" -eq 0 ]; then
  echo "the first run cached no object"
  exit 1
fi
touch "$dir/marker"
QIAO_CACHE_DIR=$dir QIAO_EXEC=jit "$tests" --gtest_filter='NativeCode*'
compiled=$(find "$dir" -name '*.o' -newer "$dir/marker" | wc -l)
if [ "$compiled" -ne 0 ]; then
  echo "$compiled of $cached kernels were compiled again instead of loaded from the cache"
  exit 1
fi
echo "$cached kernels loaded from the cache"
