#!/bin/sh
# cli_test.sh - the ttsim command as a user runs it.
#
#   tests/cli_test.sh path/to/ttsim
#
# 1. every file in tests/bad/ (not its folders, which hold the traces the
#    bad scenarios read) with a NAME.err beside it: `ttsim validate`
#    prints exactly that line on stderr and exits 2 (and `ttsim run` on a
#    bad scenario does the same and writes no file);
# 2. golden outputs: the seed scenarios' files match tests/golden/ byte
#    for byte (TTSIM_UPDATE_GOLDEN=1 rewrites them; review the diff);
# 3. determinism, atomic outputs, exit codes and help; a Kubernetes
#    manifest validated alone; options the
#    getopt_long way (-oDIR, --output=DIR, bundling, --, messages) and
#    `-` as standard input, named <stdin>.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# ---- 1. bad inputs ----
cd "$src/tests/bad" || exit 1
for input in *; do
	# NAME.err files are expectations; folders hold data the inputs use
	case "$input" in *.err) continue ;; esac
	[ -d "$input" ] && continue
	expected="${input%.*}.err"
	if [ ! -f "$expected" ]; then
		fail "$input has no $expected"
		continue
	fi
	"$ttsim" validate "$input" >"$work/out" 2>"$work/err"
	code=$?
	if [ "$code" -ne 2 ]; then
		fail "validate $input: exit $code, want 2"
	elif ! cmp -s "$work/err" "$expected"; then
		fail "validate $input: wrong message"
		echo "  want: $(cat "$expected")"
		echo "  got:  $(cat "$work/err")"
	elif [ -s "$work/out" ]; then
		fail "validate $input: printed on stdout"
	else
		pass
	fi
	case "$input" in *.yaml)
		out="$work/run-out"
		rm -rf "$out"
		mkdir "$out"
		"$ttsim" run "$input" -o "$out" >"$work/out" 2>"$work/err"
		code=$?
		if [ "$code" -ne 2 ] || ! cmp -s "$work/err" "$expected"; then
			fail "run $input: exit $code or message differs from validate"
		elif [ -n "$(ls -A "$out")" ]; then
			fail "run $input: left files behind: $(ls -A "$out")"
		else
			pass
		fi
		;;
	esac
done

# ---- 2. golden outputs ----
cd "$src/scenarios" || exit 1
golden="$src/tests/golden"
check_golden() { # NAME SCENARIO FILES...
	name=$1 scenario=$2
	shift 2
	out="$work/golden-$name"
	# shellcheck disable=SC2086 # an empty $scenario means the built-in
	if ! "$ttsim" run $scenario -q -o "$out" 2>"$work/err"; then
		fail "run $scenario"; sed 's/^/  | /' "$work/err"; return
	fi
	for f in "$@"; do
		if [ "${TTSIM_UPDATE_GOLDEN:-}" = 1 ]; then
			mkdir -p "$golden/$name"
			cp "$out/$f" "$golden/$name/$f"
		fi
		if cmp -s "$out/$f" "$golden/$name/$f"; then pass; else
			fail "golden $name/$f differs"
			diff "$golden/$name/$f" "$out/$f" | head -10 | sed 's/^/  | /'
		fi
	done
}
check_golden seed-predefined seed-predefined.yaml timeline.csv events.csv summary.json
check_golden seed-custom-cpu seed-custom-cpu.yaml timeline.csv events.csv summary.json
check_golden seed-cooldown seed-cooldown.yaml summary.json
check_golden azure-llm azure-llm.yaml timeline.csv events.csv summary.json
check_golden azure-llm-request azure-llm-request.yaml timeline.csv events.csv summary.json
check_golden terraform-sagemaker terraform-sagemaker.yaml events.csv summary.json
check_golden default "" timeline.csv events.csv summary.json

# ---- 3. behaviour of the command ----
cd "$work" || exit 1

# determinism: the same scenario and seed give byte-identical files
"$ttsim" run -q -o a >/dev/null && "$ttsim" run -q -o b >/dev/null
if diff -r a b >/dev/null; then pass; else fail "two runs of the default differ"; fi
# --seed changes the noise
"$ttsim" run -q --seed 2 -o c >/dev/null
if cmp -s a/timeline.csv c/timeline.csv; then fail "--seed 2 changed nothing"; else pass; fi

# the default run says what it did and where the files went
"$ttsim" run -o d >"$work/out" 2>&1
if grep -q "wrote d/timeline.csv" "$work/out" && grep -q "scale-out" "$work/out"; then
	pass; else fail "default run summary"; cat "$work/out"; fi

# a trace that breaks halfway: exit 2, the previous outputs untouched
printf 'time,count\n0,5\n60,7\n120,x\n' >bad-trace.csv
cat >bad-trace.yaml <<'YAML'
capacity: {min: 1, max: 4}
policies:
  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, PredefinedMetricSpecification: {PredefinedMetricType: SageMakerVariantInvocationsPerInstance}}
workload: {trace: {file: bad-trace.csv}}
YAML
cp -r a keep
expect_exit 2 "run with a bad trace row" "$ttsim" run bad-trace.yaml -o a
if grep -q "^bad-trace.csv:4:5: error: " "$work/err"; then pass; else
	fail "bad trace message"; cat "$work/err"; fi
# (diff -r also reports any temporary file left beside them)
if diff -r a keep >/dev/null; then
	pass; else fail "a failed run touched the previous outputs"; ls -la a; fi

# an output directory that cannot be written
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	expect_exit 2 "read-only output dir" "$ttsim" run -o ro
fi
expect_exit 2 "output path is a file" "$ttsim" run -o bad-trace.csv

# -o - writes the timeline to stdout
"$ttsim" run -o - >stdout.csv 2>/dev/null
if cmp -s stdout.csv a/timeline.csv; then pass; else fail "-o - differs from timeline.csv"; fi
# - reads the scenario from stdin
"$ttsim" run - -q -o e <"$src/scenarios/default.yaml" 2>"$work/err"
if cmp -s e/summary.json a/summary.json; then pass; else fail "stdin scenario"; cat "$work/err"; fi

expect_exit 0 "--help" "$ttsim" --help
expect_exit 0 "run --help" "$ttsim" run --help
expect_exit 0 "validate --help" "$ttsim" validate --help
expect_exit 0 "--version" "$ttsim" --version
expect_exit 2 "no command" "$ttsim"
expect_exit 2 "unknown command" "$ttsim" frobnicate
expect_exit 2 "unknown option" "$ttsim" run --frob
expect_exit 2 "bad seed" "$ttsim" run --seed x
expect_exit 2 "missing option value" "$ttsim" run -o
expect_exit 2 "validate with no file" "$ttsim" validate
expect_exit 2 "unreadable scenario" "$ttsim" run does-not-exist.yaml
if grep -q "^does-not-exist.yaml: error: cannot open" "$work/err"; then pass; else
	fail "missing scenario message"; cat "$work/err"; fi
expect_exit 0 "validate the seed scenarios" "$ttsim" validate \
	"$src/scenarios/seed-predefined.yaml" "$src/scenarios/seed-custom-cpu.yaml" \
	"$src/scenarios/seed-cooldown.yaml" "$src/scenarios/default.yaml" \
	"$src/scenarios/azure-llm.yaml" "$src/scenarios/azure-llm-request.yaml" \
	"$src/scenarios/request-bench.yaml" "$src/scenarios/wc98-request.yaml" \
	"$src/scenarios/seed-custom-cpu-request.yaml" \
	"$src/scenarios/policies/seed-predefined.json"

# metric-check: exit 0 valid, 1 invalid, 2 bad input; --json for machines
mc="$src/tests/data/metric-check"
expect_exit 0 "metric-check the seed custom CPU" \
	"$ttsim" metric-check "$src/scenarios/seed-custom-cpu.yaml"
if grep -q "^  verdict: valid" "$work/out" && grep -q "^  slope -0\.8" "$work/out"; then
	pass; else fail "metric-check seed output"; cat "$work/out"; fi
expect_exit 1 "metric-check a Sum statistic" "$ttsim" metric-check "$mc/sum-statistic.yaml"
if grep -q "^    - grows with capacity: " "$work/out"; then pass; else
	fail "metric-check Sum verdict"; cat "$work/out"; fi
expect_exit 1 "metric-check --json" "$ttsim" metric-check --json --no-run "$mc/latency-oscillates.yaml"
if grep -q '"finding": "oscillates"' "$work/out" && grep -q '"valid": false' "$work/out"; then
	pass; else fail "metric-check --json keys"; cat "$work/out"; fi
if python3 -c 'import json, sys; json.load(sys.stdin)' <"$work/out" 2>/dev/null; then
	pass; else fail "metric-check --json does not parse"; fi
expect_exit 0 "metric-check --load" "$ttsim" metric-check --json --no-run \
	--load 10/s --load 1200 "$src/scenarios/seed-predefined.yaml"
if grep -q '"rate_per_min": 600,' "$work/out" && grep -q '"steady_state": \[18\]' "$work/out"; then
	pass; else fail "metric-check --load levels"; cat "$work/out"; fi
expect_exit 0 "metric-check --help" "$ttsim" metric-check --help
expect_exit 2 "metric-check without a scenario" "$ttsim" metric-check
expect_exit 2 "metric-check bad --load" "$ttsim" metric-check --load 0 "$mc/sum-statistic.yaml"
expect_exit 2 "metric-check bad --mode" "$ttsim" metric-check --mode x "$mc/sum-statistic.yaml"
expect_exit 2 "metric-check missing scenario" "$ttsim" metric-check does-not-exist.yaml
expect_exit 2 "metric-check a linear service time in request mode" \
	"$ttsim" metric-check "$src/scenarios/azure-llm-request.yaml"
if grep -q "^.*azure-llm-request.yaml:21:17: error: metric-check holds the load constant" "$work/err"; then
	pass; else fail "metric-check linear service message"; cat "$work/err"; fi

# each input is read once: a scenario in a FIFO validates, runs and checks
# (a second open would block; timeout ends that, and the writer too)
mkfifo fifo.yaml
for cmd in "validate fifo.yaml" "run fifo.yaml -q -o fifo-out" "check fifo.yaml"; do
	timeout 10 sh -c "cat '$src/scenarios/default.yaml' >fifo.yaml" &
	writer=$!
	# shellcheck disable=SC2086 # $cmd is the command's words
	expect_exit 0 "$cmd (a FIFO)" timeout 10 "$ttsim" $cmd
	wait "$writer"
done
# - is standard input, read whole: its kind from its first character
expect_exit 0 "validate - (a scenario)" "$ttsim" validate - <"$src/scenarios/default.yaml"
if grep -qx "<stdin>: ok (scenario)" "$work/out"; then pass; else
	fail "validate - scenario output"; cat "$work/out"; fi
cat "$src/scenarios/policies/seed-predefined.json" >"$work/policy-pipe"
expect_exit 0 "validate - (a policy, piped)" sh -c "cat '$work/policy-pipe' | '$ttsim' validate -"
if grep -qx "<stdin>: ok (policy)" "$work/out"; then pass; else
	fail "validate - policy output"; cat "$work/out"; fi
expect_exit 2 "validate - (empty)" "$ttsim" validate - </dev/null
if grep -qx "<stdin>:1:1: error: empty document" "$work/err"; then pass; else
	fail "validate - empty message"; cat "$work/err"; fi
expect_exit 2 "validate - - (stdin twice)" "$ttsim" validate - - </dev/null
if grep -qxF "ttsim validate: error: '-' (standard input) given twice" "$work/err"; then pass; else
	fail "validate - - message"; cat "$work/err"; fi

# a step policy file validated alone prints its reader's warnings as a
# scenario that loads it does (file:line:col: warning: ... on stderr),
# then the note on its alarm; exit 0
steperr="$src/tests/data/docs/step-policy-errors"
mag_warning="magnitude.json:9:35: warning: 'MinAdjustmentMagnitude' applies to AdjustmentType PercentChangeInCapacity only; ignored with ChangeInCapacity"
expect_exit 0 "validate a step policy file alone" \
	sh -c "cd '$steperr' && '$ttsim' validate magnitude.json"
printf '%s\n%s\n' "$mag_warning" \
	"magnitude.json:1:1: note: 1 step scaling policy: a scenario gives each the alarm that invokes it ('alarm: {file: FILE}' beside the policy)" \
	>want-alone.err
if cmp -s "$work/err" want-alone.err; then pass; else
	fail "validate magnitude.json: warnings"; cat "$work/err"; fi
if grep -qx "magnitude.json: ok (step scaling policy)" "$work/out"; then pass; else
	fail "validate magnitude.json: output"; cat "$work/out"; fi
expect_exit 0 "validate the scenario that reads it" \
	sh -c "cd '$steperr' && '$ttsim' validate magnitude.yaml"
if grep -xF "$mag_warning" "$work/err" >/dev/null; then pass; else
	fail "validate magnitude.yaml: the same warning"; cat "$work/err"; fi
# describe-scaling-policies output, from standard input
cat >describe-magnitude.json <<'JSON'
{"ScalingPolicies": [{"PolicyARN": "arn:aws:autoscaling:eu-west-1:1:scalingPolicy:x:resource/ecs/service/shop/orders:policyName/orders-step",
  "PolicyName": "orders-step", "ServiceNamespace": "ecs", "ResourceId": "service/shop/orders",
  "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "StepScaling",
  "StepScalingPolicyConfiguration": {"AdjustmentType": "ExactCapacity", "MinAdjustmentMagnitude": 1,
    "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 4}]}}]}
JSON
expect_exit 0 "validate - (describe output with a step policy)" \
	"$ttsim" validate - <describe-magnitude.json
if [ "$(head -n 1 "$work/err")" = "<stdin>:4:99: warning: 'MinAdjustmentMagnitude' applies to AdjustmentType PercentChangeInCapacity only; ignored with ExactCapacity" ]; then
	pass; else fail "validate - describe output: warning"; cat "$work/err"; fi

# a Kubernetes manifest validated alone: every HPA and ScaledObject in it
# read as a scenario would, each with a note saying how a scenario runs
# it; given to `run`, it is said to be a manifest, not a scenario
expect_exit 0 "validate a manifest of two ScaledObjects" \
	sh -c "cd '$src/tests/data/keda' && '$ttsim' validate two.yaml"
if [ "$(cat "$work/out")" = "two.yaml: ok (Kubernetes manifest)" ] &&
	grep -qxF "two.yaml:12:1: note: ScaledObject 'transcoder' (1 to 6 replicas, 1 trigger) runs in a scenario with 'controller: keda' and 'keda: {file: FILE, name: transcoder}'" "$work/err"; then
	pass; else fail "validate two.yaml"; cat "$work/out" "$work/err"; fi
expect_exit 0 "validate an HPA manifest" "$ttsim" validate "$src/scenarios/kubernetes/web-hpa.yaml"
contains "$work/err" "note: HorizontalPodAutoscaler 'web' (1 to 40 replicas, 1 metric) runs in a scenario with 'controller: hpa' and 'hpa: {file: FILE}'" "validate web-hpa.yaml"
expect_exit 2 "validate a bad HPA manifest" \
	sh -c "cd '$src/tests/data/hpa' && '$ttsim' validate bad-no-max.yaml"
if [ "$(cat "$work/err")" = "bad-no-max.yaml:6:3: error: spec.maxReplicas: Required value" ]; then
	pass; else fail "validate bad-no-max.yaml"; cat "$work/err"; fi
expect_exit 2 "run a manifest" sh -c "cd '$src/tests/data/keda' && '$ttsim' run two.yaml -o '$work/manifest-run'"
if [ "$(cat "$work/err")" = "two.yaml:1:1: error: this is a Kubernetes manifest, not a scenario: a scenario runs it with 'controller: hpa' and 'hpa: {file: FILE}' (a ScaledObject: 'controller: keda' and 'keda: {file: FILE}')" ] &&
	[ ! -e "$work/manifest-run" ]; then
	pass; else fail "run two.yaml"; cat "$work/err"; fi

# the ziggurat tables committed are the ones their script writes
if python3 "$src/tools/ziggurat_tables.py" | cmp -s - "$src/src/ziggurat_tables.h"; then
	pass; else fail "src/ziggurat_tables.h differs from tools/ziggurat_tables.py's output"; fi

# ---- options the getopt_long way, the same in every command ----
# -oDIR, --output=DIR, bundled flags (-qo DIR), options after the operand
expect_exit 0 "run -qoDIR" "$ttsim" run -qoopt-a
same opt-a/summary.json a/summary.json "run -qoDIR"
expect_exit 0 "run --output=DIR" "$ttsim" run --output=opt-b --quiet
same opt-b/summary.json a/summary.json "run --output=DIR"
if [ -s "$work/out" ]; then fail "run --quiet printed a summary"; else pass; fi
expect_exit 0 "run SCENARIO -q --output DIR" "$ttsim" run "$src/scenarios/default.yaml" -q --output opt-c
same opt-c/summary.json a/summary.json "run SCENARIO -q --output DIR"
expect_exit 0 "run with a prefix of --output" "$ttsim" run -q --out opt-d
same opt-d/summary.json a/summary.json "run --out"
# -- ends the options: a scenario whose name starts with '-'
cp "$src/scenarios/default.yaml" ./-odd.yaml
expect_exit 0 "run -- -odd.yaml" "$ttsim" run -q -o opt-e -- -odd.yaml
same opt-e/summary.json a/summary.json "run -- -odd.yaml"
if [ -e dd.yaml ]; then fail "run -- -odd.yaml read -o dd.yaml"; else pass; fi
expect_exit 0 "validate -- -odd.yaml" "$ttsim" validate -- -odd.yaml
if grep -qxF -- "-odd.yaml: ok (scenario)" "$work/out"; then pass; else
	fail "validate -- -odd.yaml output"; cat "$work/out"; fi
rm ./-odd.yaml
# what getopt_long refuses is a usage error, said ttsim's way
for bad in "--quiet=1:option '--quiet' takes no value" \
	"--se=1:ambiguous option '--se'" "-qx:unknown option '-x'" \
	"--frob=2:unknown option '--frob'" "--output:option '--output' needs a value" \
	"-qo:option '-o' needs a value"; do
	arg=${bad%%:*} msg=${bad#*:}
	expect_exit 2 "run $arg" "$ttsim" run "$arg"
	if [ "$(head -n 1 "$work/err")" = "ttsim run: error: $msg" ]; then pass; else
		fail "run $arg: message"; cat "$work/err"; fi
done

# - is standard input for run and metric-check too, named <stdin>, with
# relative paths in it read from the current directory
expect_exit 2 "run - - (stdin twice)" "$ttsim" run - - </dev/null
printf 'name: x\ncapacity: {min: 1, max: 4}\npolicies: 7\n' >notpolicies.yaml
for cmd in run metric-check validate; do
	expect_exit 2 "$cmd - (bad input)" "$ttsim" "$cmd" - <notpolicies.yaml
	if grep -qxF "<stdin>:3:11: error: expected a sequence for 'policies', got '7'" "$work/err"; then
		pass; else fail "$cmd - (bad input): message"; cat "$work/err"; fi
done
expect_exit 0 "metric-check a file" "$ttsim" metric-check --json --no-run "$src/scenarios/seed-predefined.yaml"
cp "$work/out" mc-file.json
expect_exit 0 "metric-check - (policy files relative to the current directory)" \
	sh -c "cd '$src/scenarios' && '$ttsim' metric-check --json --no-run - <seed-predefined.yaml"
same "$work/out" mc-file.json "metric-check - and metric-check FILE"
expect_exit 2 "metric-check - from elsewhere (its policy file is not here)" \
	"$ttsim" metric-check --no-run - <"$src/scenarios/seed-predefined.yaml"
if grep -q "^<stdin>:.*cannot open policy file" "$work/err"; then pass; else
	fail "metric-check - from elsewhere: message"; cat "$work/err"; fi
expect_exit 2 "metric-check - - (stdin twice)" "$ttsim" metric-check - - </dev/null

# control characters from an input are escaped in what is printed
cat >escape.yaml <<'YAML'
name: "\e]0;pwned\a\rwrote x"
capacity: {min: 1, max: 4}
policies:
  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, PredefinedMetricSpecification: {PredefinedMetricType: SageMakerVariantInvocationsPerInstance}}
workload: {synthetic: {shape: constant, rate: 10}}
simulation: {duration: 10m}
YAML
expect_exit 0 "run a scenario whose name holds escapes" "$ttsim" run escape.yaml -o escape-out
if head -n 1 "$work/out" | grep -qF "ttsim: '\\x1b]0;pwned\\x07\\rwrote x': 10m simulated"; then
	pass; else fail "run summary escapes the name"; cat "$work/out"; fi
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$work/out"; then
	fail "run summary holds a control character"; else pass; fi

# the kind of a file comes from its content, whatever its name
cp "$src/scenarios/policies/seed-predefined.json" config
cp "$src/tests/data/aws/sagemaker-fragment.yaml" stack.template
cp "$src/scenarios/terraform/autoscaling.tf" autoscaling
for f in config:policy stack.template:"CloudFormation template" \
	autoscaling:"Terraform file"; do
	name=${f%%:*} kind=${f#*:}
	expect_exit 0 "validate $name" "$ttsim" validate "$name"
	if grep -qx "$name: ok ($kind)" "$work/out"; then pass; else
		fail "validate $name: want '$kind'"; cat "$work/out"; fi
done

# real configurations, as tests/data/README.md says whose forms they
# imitate: each validates as it is, and a SAM template and a Terraform
# module run with a scenario of a few lines (tests/test_real.c checks
# what each one reads)
real="$src/tests/data/real"
for f in "$real"/*.json "$real"/*.yml "$real"/*.yaml "$real"/*/*.tf; do
	expect_exit 0 "validate ${f#"$real"/}" "$ttsim" validate "$f"
done
cat >real-sam.yaml <<YAML
cloudformation:
  file: $real/sam-endpoint-prd.yml
  parameters: {ModelName: fraud, BuildId: b17, VariantPrefix: blue}
workload: {synthetic: {shape: constant, rate: 60/s}}
simulation: {duration: 1h}
YAML
expect_exit 0 "run a SAM template as it is" "$ttsim" run real-sam.yaml -o real-sam-out
cat >real-tf.yaml <<YAML
resource: endpoint/scorer-endpoint/variant/AllTraffic
terraform:
  files: [$real/tf-sagemaker-endpoint/main.tf, $real/tf-sagemaker-endpoint/variables.tf]
  vars: {scaling: {max_capacity: 6, target_value: 250, scale_in_cooldown: 300, scale_out_cooldown: 60}}
workload: {synthetic: {shape: constant, rate: 20/s}}
simulation: {duration: 1h}
YAML
expect_exit 0 "run a Terraform module as it is" "$ttsim" run real-tf.yaml -o real-tf-out

cli_done
