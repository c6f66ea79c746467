#!/bin/sh
# cli_compare.sh - `ttsim compare` as a user runs it.
#
#   tests/cli_compare.sh path/to/ttsim
#
# Usage errors and --help; two setups and an HPA through one workload,
# the three files written, the SVG parsed by Python's XML parser, the same
# bytes twice; a setup with another workload refused at its place with
# nothing written and the previous outputs kept; --set on every setup;
# a setup from standard input; the shipped example.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# says FILE LINE: FILE is exactly the one line LINE
says() {
	if [ "$(cat "$1")" = "$2" ]; then pass; else
		fail "$1 says:"; sed 's/^/  | /' "$1"; echo "  want: $2"; fi
}

# lines FILE N
lines() {
	got=$(wc -l <"$1")
	if [ "$got" -eq "$2" ]; then pass; else fail "$1 has $got lines, want $2"; fi
}

# absent PATH
absent() {
	if [ -e "$1" ]; then fail "$1 exists"; else pass; fi
}

d="$src/tests/data/compare"
a="$d/target-70.yaml"
b="$d/target-50.yaml"
cd "$work" || exit 1

# ---- usage ----
expect_exit 0 "help" "$ttsim" compare --help
contains "$work/out" "usage: ttsim compare SETUP.yaml SETUP.yaml..."
expect_exit 2 "one setup" "$ttsim" compare "$a"
contains "$work/err" "ttsim compare: error: needs at least two setups to compare, got 1"
expect_exit 2 "an unknown option" "$ttsim" compare "$a" "$b" --bogus
contains "$work/err" "ttsim compare: error: unknown option '--bogus'"
expect_exit 2 "standard input twice" "$ttsim" compare - -
contains "$work/err" "ttsim compare: error: '-' (standard input) given twice"
expect_exit 2 "eleven setups" "$ttsim" compare "$a" "$b" "$a" "$b" "$a" "$b" "$a" "$b" "$a" "$b" "$a"
contains "$work/err" "ttsim compare: error: takes at most 10 setups, got 11"
expect_exit 2 "a file given twice" "$ttsim" compare "$a" "$a" -o twice
says "$work/err" "$a: error: '$a' is given twice: each setup is its own file"
absent twice

# ---- two setups and an HPA ----
expect_exit 0 "compare three setups" "$ttsim" compare "$a" "$b" "$d/hpa.yaml" -o res
for f in compare.csv compare.svg compare.html; do
	if [ -s "res/$f" ]; then pass; else fail "res/$f not written"; fi
done
lines res/compare.csv 4
contains res/compare.csv "setup,file,controller,simulated_s,invocations,instance_hours,cost,"
contains res/compare.csv "target 70,$a,aws,7200,"
contains res/compare.csv "target 50,$b,aws,7200,"
contains res/compare.csv "web on the HPA,$d/hpa.yaml,hpa,7200,"
contains "$work/out" "ttsim compare: 3 setups, 120 periods of 60 s in fluid mode (seed 1)"
contains "$work/out" "wrote res/compare.csv, res/compare.svg, res/compare.html"
well_formed res/compare.svg
contains res/compare.svg 'class="series-capacity setup-2"'
contains res/compare.svg '>target 50: SageMakerVariantInvocationsPerInstance (invocations per instance per minute), TargetValue 50<'
contains res/compare.svg '>web on the HPA: cpu (% of request), target 60<'
contains res/compare.html '<svg width="100%"'
contains res/compare.html '<th>controller</th><td>aws</td><td>aws</td><td>hpa</td>'
if grep -q 'xmlns' res/compare.html; then fail "compare.html names a URL"; else pass; fi

# the same bytes twice, and -q prints nothing
expect_exit 0 "compare again, quietly" "$ttsim" compare -q "$a" "$b" "$d/hpa.yaml" -o again
if [ -s "$work/out" ]; then fail "-q printed something"; else pass; fi
for f in compare.csv compare.svg compare.html; do same "res/$f" "again/$f" "$f twice"; done

# ---- another workload: refused, nothing written ----
expect_exit 2 "another workload" "$ttsim" compare "$a" "$d/other-workload.yaml" -o refused
says "$work/err" "$d/other-workload.yaml:18:14: error: not the same workload as '$a': workload.synthetic.peak is 9000/min here, 6000/min there"
absent refused
cp -r res kept
expect_exit 2 "another workload over earlier outputs" "$ttsim" compare "$a" "$d/other-workload.yaml" -o res
for f in compare.csv compare.svg compare.html; do same "res/$f" "kept/$f" "$f kept"; done
if ls res | grep -q '\.tmp'; then fail "a temporary file is left in res"; else pass; fi

# ---- --set changes every setup ----
expect_exit 0 "--set on every setup" "$ttsim" compare "$a" "$b" -q \
	--set workload.scale=2 --set simulation.seed=7 -o set
# invocations (column 5) the same in both rows, and not the unscaled ones
inv=$(cut -d, -f5 set/compare.csv | sed -n '2p;3p' | sort -u)
plain=$(cut -d, -f5 res/compare.csv | sed -n 2p)
if [ "$(echo "$inv" | wc -l)" -eq 1 ] && [ "$inv" -gt "$plain" ]; then pass; else
	fail "--set workload.scale=2: invocations '$inv', unscaled $plain"; fi
expect_exit 2 "a bad --set" "$ttsim" compare "$a" "$b" --set capacity.max=abc -o badset
says "$work/err" "--set 'capacity.max=abc':1:14: error: expected an integer for 'max', got 'abc'"
absent badset
# an override can make two setups alike, never tell them apart
expect_exit 2 "--set cannot mend another workload" "$ttsim" compare "$a" \
	"$d/other-workload.yaml" --set simulation.seed=3 -o badset
absent badset

# ---- standard input ----
expect_exit 0 "a setup from standard input" sh -c "'$ttsim' compare -q - '$b' -o stdin <'$a'"
contains stdin/compare.csv "target 70,<stdin>,aws,"

# ---- where the files go ----
mkdir -p deep/er
expect_exit 0 "-o creates its parents" "$ttsim" compare -q "$a" "$b" --output=deep/er/est
lines deep/er/est/compare.csv 3
: >notadir
expect_exit 2 "-o names a file" "$ttsim" compare -q "$a" "$b" -o notadir
says "$work/err" "error: 'notadir' is not a directory"

# ---- the shipped example ----
ex="$src/scenarios/compare"
expect_exit 0 "the shipped example" "$ttsim" compare "$ex/seed.yaml" \
	"$ex/scale-in-60s.yaml" "$ex/target-50.yaml" -o wc
lines wc/compare.csv 4
well_formed wc/compare.svg
size=$(wc -c <wc/compare.svg)
if [ "$size" -lt 1000000 ]; then pass; else fail "compare.svg is $size bytes"; fi
# the trace's gap is said once, not once per setup
n=$(grep -c "periods missing" "$work/err")
if [ "$n" -le 1 ]; then pass; else fail "a warning printed $n times"; fi

cli_done
