# Sourced by the bench scripts: where the generated inputs go, and how one
# is made. Inputs are generated (examples/gen.rs; benches/support/gen.rs),
# never committed.
#
#   TARGET   $CARGO_TARGET_DIR, default target
#   DIR      $BENCH_DIR, default $TARGET/bench-inputs (created)
#
# bench_input KIND N prints the path of an input, made if it is missing:
# KIND rfc, swaks or postfix is N bytes (seed 7); any other KIND is one of
# the hardening issue's pathological shapes at N repetitions. The caller
# builds examples/gen first.
TARGET=${CARGO_TARGET_DIR:-target}
DIR=${BENCH_DIR:-$TARGET/bench-inputs}
mkdir -p "$DIR"

bench_input() {
  local f
  case $1 in
    rfc | swaks | postfix) f=$DIR/$1-$2.txt ;;
    *) f=$DIR/shape-$1-$2.txt ;;
  esac
  if [ ! -s "$f" ]; then
    "$TARGET/release/examples/gen" "$1" "$2" 7 > "$f" || { rm -f "$f"; return 1; }
  fi
  echo "$f"
}
