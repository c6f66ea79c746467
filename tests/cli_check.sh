#!/bin/sh
# cli_check.sh - `ttsim check` as CI runs it.
#
#   tests/cli_check.sh path/to/ttsim
#
# 1. the project's own regression scenarios (scenarios/ci/*.yaml) pass;
# 2. a failing expectation exits 1 with its FAIL line, at its place;
# 3. --junit writes well-formed JUnit XML of the usual shape, and nothing
#    else is written;
# 4. --set reaches the scenarios; a scenario without expectations passes
#    with a warning, and fails with --strict; -q; --help; standard input
#    as -, named <stdin>; --NAME=VALUE, --, options after the scenarios;
# 5. bad input exits 2 and writes nothing.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# run CODE DESCRIPTION ARGS...: ttsim check ARGS, stdout in $work/out,
# stderr in $work/err, the exit code compared with CODE
run() {
	want=$1 what=$2
	shift 2
	"$ttsim" check "$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ "$got" -eq "$want" ]; then pass; else
		fail "$what: exit $got, want $want"
		sed 's/^/  | /' "$work/out" "$work/err"
	fi
}

# has FILE TEXT DESCRIPTION: FILE holds the line TEXT exactly
has() {
	if grep -qxF -- "$2" "$1"; then pass; else
		fail "$3: no line '$2'"; sed 's/^/  | /' "$1"; fi
}

# junit_shape FILE SUITES TESTS FAILURES: well-formed, and the
# testsuites > testsuite > testcase [> failure] shape with those counts
junit_shape() {
	if python3 - "$@" <<'EOF'
import sys
import xml.dom.minidom as m
path, suites, tests, failures = sys.argv[1], *map(int, sys.argv[2:])
doc = m.parse(path)
root = doc.documentElement
assert root.tagName == "testsuites", root.tagName
for a in ("name", "tests", "failures", "errors", "time"):
    assert root.hasAttribute(a), a
assert int(root.getAttribute("tests")) == tests
assert int(root.getAttribute("failures")) == failures
ss = [n for n in root.childNodes if n.nodeType == n.ELEMENT_NODE]
assert len(ss) == suites and all(s.tagName == "testsuite" for s in ss)
n_tests = n_fail = 0
for s in ss:
    for a in ("name", "tests", "failures", "errors", "time"):
        assert s.hasAttribute(a), a
    cs = [n for n in s.childNodes if n.nodeType == n.ELEMENT_NODE]
    assert all(c.tagName == "testcase" for c in cs)
    assert int(s.getAttribute("tests")) == len(cs)
    f = 0
    for c in cs:
        assert c.getAttribute("name") and c.getAttribute("classname")
        fs = c.getElementsByTagName("failure")
        assert all(x.getAttribute("message") for x in fs)
        f += len(fs)
    assert int(s.getAttribute("failures")) == f
    n_tests += len(cs)
    n_fail += f
assert (n_tests, n_fail) == (tests, failures), (n_tests, n_fail)
EOF
	then pass; else fail "junit $1: not the expected shape"; fi
}

mkdir "$work/cwd" && cd "$work/cwd" || exit 1

# ---- 1. the regression scenarios ----
n_ci=$(ls "$src"/scenarios/ci/*.yaml | wc -l)
run 0 "scenarios/ci" "$src"/scenarios/ci/*.yaml --junit ci.xml
if tail -n 1 "$work/out" | grep -q "^ttsim check: [0-9]* passed, 0 failed in $n_ci scenarios$"; then
	pass
else
	fail "scenarios/ci: no total line"; tail -n 3 "$work/out"
fi
if grep -q '^FAIL' "$work/out"; then fail "scenarios/ci: a FAIL line"; else pass; fi
n_pass=$(grep -c '^PASS ' "$work/out")
junit_shape ci.xml "$n_ci" "$n_pass" 0

# ---- 2. a failing expectation ----
cat >fails.yaml <<'EOF'
name: fails
capacity: {min: 1, max: 4}
policies:
  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, PredefinedMetricSpecification: {PredefinedMetricType: SageMakerVariantInvocationsPerInstance}}
workload: {synthetic: {shape: constant, rate: 700}}
simulation: {duration: 1h}
expect:
  max_instances: {le: 2}
  simulated_s: {eq: 3600}
  cost: {between: [0, 1]}
EOF
run 1 "a failing bound" fails.yaml
has "$work/out" "FAIL max_instances = 4, expected <= 2 (fails.yaml:8:19)" "fail"
has "$work/out" "PASS simulated_s = 3600, expected == 3600 (fails.yaml:9:17)" "fail"
has "$work/out" "PASS cost = 0, expected in [0, 1] (fails.yaml:10:10)" "fail"
has "$work/out" "ttsim check: 2 passed, 1 failed in 1 scenario" "fail"

# -q: only the failures and the total
run 1 "-q" -q fails.yaml
if [ "$(wc -l <"$work/out")" -eq 2 ] && ! grep -q '^PASS' "$work/out"; then
	pass
else
	fail "-q printed passes"; sed 's/^/  | /' "$work/out"
fi

# ---- 3. JUnit, and nothing else written ----
mkdir out
run 1 "--junit with a failure" fails.yaml --junit out/report.xml
junit_shape out/report.xml 1 3 1
if [ "$(ls -A out)" = "report.xml" ] && [ "$(ls -A . | sort | tr '\n' ' ')" = "ci.xml fails.yaml out " ]; then
	pass
else
	fail "check wrote other files: $(ls -A . out)"
fi
if grep -qF '<failure message="max_instances = 4, expected &lt;= 2">fails.yaml:8:19: max_instances = 4, expected &lt;= 2</failure>' out/report.xml; then
	pass
else
	fail "junit failure element"; sed 's/^/  | /' out/report.xml
fi
if grep -qF '<testcase name="simulated_s == 3600" classname="fails" time="0"/>' out/report.xml; then
	pass
else
	fail "junit testcase element"; sed 's/^/  | /' out/report.xml
fi

# ---- 4. --set, no expectations, help ----
run 0 "--set" fails.yaml --set capacity.max=2 --set simulation.duration=2h \
	--set 'expect={simulated_s: {eq: 7200}, max_instances: {eq: 2}}'
has "$work/out" "ttsim check: 2 passed, 0 failed in 1 scenario" "--set"

# no expect: block: a warning naming the file, exit 0; --strict exits 1
head -n 6 fails.yaml >plain.yaml
run 0 "no expect block" plain.yaml
has "$work/err" "plain.yaml: warning: no 'expect:' block; nothing is checked" "no expect"
has "$work/out" "ttsim check: 0 passed, 0 failed in 1 scenario" "no expect"
run 1 "no expect block, --strict" --strict plain.yaml
has "$work/err" "plain.yaml: warning: no 'expect:' block; nothing is checked" "no expect, --strict"
{ head -n 7 fails.yaml; echo '  simulated_s: {eq: 3600}'; } >passes.yaml
run 0 "--strict, every bound holds" --strict passes.yaml
has "$work/out" "ttsim check: 1 passed, 0 failed in 1 scenario" "--strict"
run 1 "--strict, one of two without expect" passes.yaml plain.yaml --strict
has "$work/out" "ttsim check: 1 passed, 0 failed in 2 scenarios" "--strict, two"
run 0 "without --strict, one of two without expect" passes.yaml plain.yaml
rm passes.yaml
run 0 "--junit without expectations" plain.yaml --junit plain.xml
junit_shape plain.xml 1 0 0
rm -f plain.xml

run 0 "--help" --help
if grep -q '^usage: ttsim check' "$work/out"; then pass; else fail "help"; fi

# ---- 4b. the habits of a Unix command ----
# - is standard input, named <stdin> wherever a file's name would be
run 1 "check - (standard input)" - <fails.yaml
has "$work/out" "FAIL max_instances = 4, expected <= 2 (<stdin>:8:19)" "check -"
run 0 "check - without expect" - <plain.yaml
has "$work/err" "<stdin>: warning: no 'expect:' block; nothing is checked" "check - no expect"
run 1 "check - without expect, --strict" --strict - <plain.yaml
run 2 "check - - (standard input twice)" - - <fails.yaml
has "$work/err" "ttsim check: error: '-' (standard input) given twice" "check - -"
printf 'capacity: {min: 1, max: 4}\npolicies: 7\n' >notpolicies.yaml
run 2 "check - (bad input)" - <notpolicies.yaml
has "$work/err" "<stdin>:2:11: error: expected a sequence for 'policies', got '7'" "check - bad"
rm notpolicies.yaml
# --NAME=VALUE, --, a unique prefix, and options after the operands
run 1 "--junit=FILE and --set=KEY=VALUE" fails.yaml --junit=eq.xml --set=capacity.max=3
junit_shape eq.xml 1 3 1
has "$work/out" "FAIL max_instances = 3, expected <= 2 (fails.yaml:8:19)" "--set="
rm -f eq.xml
run 1 "-- ends the options" -q -- fails.yaml
has "$work/out" "ttsim check: 2 passed, 1 failed in 1 scenario" "--"
run 2 "after --, an option is a file" -- --strict
has "$work/err" "--strict: error: cannot open '--strict': No such file or directory" "-- --strict"
run 1 "a prefix of a long option" fails.yaml --quie
run 2 "a flag given a value" fails.yaml --strict=yes
has "$work/err" "ttsim check: error: option '--strict' takes no value" "--strict=yes"

# ---- 5. bad input: exit 2, nothing written ----
run 2 "no scenario"
run 2 "unknown option" fails.yaml --frobnicate
run 2 "--junit without a value" fails.yaml --junit
run 2 "a --set without '='" fails.yaml --set capacity.max
run 2 "missing file" fails.yaml no-such.yaml --junit bad.xml
if [ -e bad.xml ]; then fail "missing file: wrote bad.xml"; else pass; fi
run 2 "bad expectation" fails.yaml "$src/tests/bad/scenario-expect.yaml" --junit bad.xml
if [ -e bad.xml ]; then fail "bad expectation: wrote bad.xml"; else pass; fi
if grep -q "unknown figure 'max_instance' in 'expect'" "$work/err"; then
	pass
else
	fail "bad expectation: message"; sed 's/^/  | /' "$work/err"
fi
# bad input found before anything runs: no result line for the good file
if [ -s "$work/out" ]; then fail "bad input: printed results"; else pass; fi
run 2 "unwritable --junit" fails.yaml --junit no-such-dir/r.xml
if [ "$(ls -A . | sort | tr '\n' ' ')" = "ci.xml fails.yaml out plain.yaml " ]; then
	pass
else
	fail "bad input left files: $(ls -A .)"
fi

cli_done
