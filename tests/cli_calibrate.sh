#!/bin/sh
# cli_calibrate.sh - `ttsim calibrate` as a user runs it.
#
#   tests/cli_calibrate.sh path/to/ttsim
#
# Usage errors and --help.  Then a history built by ttsim itself: the
# scenario in tests/data/calibrate/ is run, its events.csv is turned into
# describe-scaling-activities output (newest first, each decision 7.25 s
# later and each completion 3 s earlier than simulated, as a real account
# would differ), and calibrate must match every activity with exactly
# those offsets, whichever of the three page forms holds it.  A history
# with an activity missing and one that never happened has one unmatched
# on each side.  Bad input: exit 2, the message at its place, no file
# written and the previous one kept.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# says FILE LINE: FILE is exactly the one line LINE
says() {
	if [ "$(cat "$1")" = "$2" ]; then pass; else
		fail "$1 says:"; sed 's/^/  | /' "$1"; echo "  want: $2"; fi
}

# absent PATH
absent() {
	if [ -e "$1" ]; then fail "$1 exists"; else pass; fi
}

d="$src/tests/data/calibrate"
sc="$d/endpoint.yaml"
cd "$work" || exit 1

# ---- usage ----
expect_exit 0 "help" "$ttsim" calibrate --help
contains "$work/out" "usage: ttsim calibrate SCENARIO.yaml [--activities FILE] [--capacity FILE]"
expect_exit 2 "no activities and no capacity" "$ttsim" calibrate "$sc"
contains "$work/err" "ttsim calibrate: error: needs --activities FILE (aws application-autoscaling describe-scaling-activities output), --capacity FILE (a CloudWatch export of the instance count), or both"
expect_exit 2 "no scenario" "$ttsim" calibrate --activities x.json
contains "$work/err" "ttsim calibrate: error: needs a scenario"
expect_exit 2 "two scenarios" "$ttsim" calibrate "$sc" "$sc" --activities x.json
contains "$work/err" "ttsim calibrate: error: takes one scenario"
expect_exit 2 "bad window" "$ttsim" calibrate "$sc" --activities x.json --window 0
contains "$work/err" "ttsim calibrate: error: invalid --window '0'"

# ---- a history built by ttsim ----
expect_exit 0 "the recorded period, simulated" "$ttsim" run "$sc" -o rec -q

# events.csv -> describe-scaling-activities output (tests/make_history.py)
to_activities() {
	python3 "$src/tests/make_history.py" "$@"
}

to_activities rec/events.csv --form one >one.json
to_activities rec/events.csv --form cat >cat.json
to_activities rec/events.csv --form array >array.json
n=$(grep -c InProgress rec/events.csv)
if [ "$n" -ge 4 ]; then pass; else fail "only $n activities simulated"; fi

expect_exit 0 "validate the history" "$ttsim" validate one.json
says "$work/out" "one.json: ok (scaling activities)"

expect_exit 0 "calibrate, one page" "$ttsim" calibrate "$sc" --activities one.json -o one
contains "$work/out" "matched: $n"
contains "$work/out" "unmatched recorded: 0"
contains "$work/out" "unmatched simulated: 0"
contains "$work/out" "median decision offset: -7.25 s"
contains "$work/out" "max decision offset: -7.25 s"
contains "$work/out" "median completion offset: 3 s"
contains "$work/out" "wrote one/calibrate.csv"
contains one/calibrate.csv "match,kind,direction,to,activity_id,recorded_decision_s,simulated_decision_s,decision_offset_s,recorded_completion_s,simulated_completion_s,completion_offset_s,recorded_reason,simulated_reason"
rows=$(grep -c "^matched,scaling,.*,-7.25,.*,3,," one/calibrate.csv)
if [ "$rows" -eq "$n" ]; then pass; else
	fail "$rows rows with the offsets put in, want $n"; cat one/calibrate.csv; fi
# the first simulated decision, with the recorded one beside it
first=$(awk -F, '$6 == "InProgress" { print $1; exit }' rec/events.csv)
contains one/calibrate.csv ",act-000,$(python3 -c "print('%g' % ($first + 7.25))"),$first,-7.25,"

for form in cat array; do
	expect_exit 0 "calibrate, pages ($form)" "$ttsim" calibrate "$sc" --activities $form.json -o $form
	same one/calibrate.csv $form/calibrate.csv
done
expect_exit 0 "calibrate, the same again" "$ttsim" calibrate "$sc" --activities one.json -o again -q
same one/calibrate.csv again/calibrate.csv
if [ -s "$work/out" ]; then fail "-q printed"; else pass; fi
expect_exit 0 "activities from standard input" sh -c "'$ttsim' calibrate '$sc' --activities - -o stdin <one.json"
same one/calibrate.csv stdin/calibrate.csv

# ---- unmatched on both sides ----
to_activities rec/events.csv --drop 1 --extra >gaps.json
expect_exit 0 "calibrate, gaps" "$ttsim" calibrate "$sc" --activities gaps.json -o gaps
contains "$work/out" "matched: $((n - 1))"
contains "$work/out" "unmatched recorded: 2"
contains "$work/out" "unmatched simulated: 1"
contains gaps/calibrate.csv "recorded_only,scaling,out,9,act-099,18000,,,18300,,,,"
contains gaps/calibrate.csv "recorded_only,scaling,in,1,act-100,18900,,,18960,,,,"
n_sim=$(grep -c "^simulated_only,scaling," gaps/calibrate.csv)
if [ "$n_sim" -eq 1 ]; then pass; else fail "$n_sim simulated-only rows, want 1"; fi
# a narrow window: the same history, nothing within 5 s
expect_exit 0 "calibrate, a 5 s window" "$ttsim" calibrate "$sc" --activities one.json --window 5s -o narrow
contains "$work/out" "matched: 0"
contains "$work/out" "unmatched recorded: $n"

# ---- the recorded capacity and the picture ----
ex="$d/activities.json"
expect_exit 0 "the example with its capacity export" "$ttsim" calibrate "$sc" --activities "$ex" \
	--capacity "$d/capacity.json" -o cap
contains "$work/err" "capacity.json:385:26: note: 3 periods missing in 1 gap between datapoints (the first before this datapoint): the count is not known there"
contains "$work/out" "capacity (export): simulated above 4.15, below 64.92 instance-minutes"
contains "$work/out" "loss: 85.17"
contains "$work/out" "recorded provisioning: 3 scale-outs, min 267.25 s, median 331.25 s, max 332.25 s"
contains "$work/out" "  as a scenario: --set 'instance.provisioning={dist: empirical, samples: [267.25s, 331.25s, 332.25s]}'"
contains "$work/out" "wrote cap/calibrate.svg"
contains cap/calibrate.svg "recorded (CloudWatch export)"
contains cap/calibrate.svg "Calibration: checkout endpoint, 2024-03-01"
n_ro=$(grep -c 'class="recorded-only ' cap/calibrate.svg)
if [ "$n_ro" -eq 1 ]; then pass; else fail "$n_ro recorded-only marks, want 1"; fi
expect_exit 0 "the example without it" "$ttsim" calibrate "$sc" --activities "$ex" -o noexport -q
contains noexport/calibrate.svg "recorded (activities)"
same cap/calibrate.csv noexport/calibrate.csv
expect_exit 0 "the example again" "$ttsim" calibrate "$sc" --activities "$ex" \
	--capacity "$d/capacity.json" -o cap2 -q
same cap/calibrate.svg cap2/calibrate.svg
# the export alone: the capacities, no decisions, no verdict
expect_exit 0 "the export alone" "$ttsim" calibrate "$sc" --capacity "$d/capacity.json" -o alone \
	--fit instance.provisioning=270s,300s
contains "$work/out" "activities: none given, decisions not compared"
contains "$work/out" "capacity (export): simulated above 4.15, below 64.92 instance-minutes"
contains "$work/out" "fit: no verdict: without --activities there is no decision to match"
if grep -q "^matched:\|^decision error\|^recorded provisioning" "$work/out"; then
	fail "decision lines without activities"; else pass; fi
says alone/calibrate.csv "match,kind,direction,to,activity_id,recorded_decision_s,simulated_decision_s,decision_offset_s,recorded_completion_s,simulated_completion_s,completion_offset_s,recorded_reason,simulated_reason"
contains alone/calibrate.svg "no activities given: decisions not compared"
expect_exit 0 "the export from standard input" sh -c "'$ttsim' calibrate '$sc' --capacity - -o alone2 -q <'$d/capacity.json'"
same alone/calibrate.svg alone2/calibrate.svg
expect_exit 2 "both from standard input" "$ttsim" calibrate "$sc" --capacity - --activities -
contains "$work/err" "ttsim calibrate: error:"
# the provisioning line pasted into a run, as it says
expect_exit 0 "the provisioning line, in a run" "$ttsim" run "$sc" -q -o prov \
	--set 'instance.provisioning={dist: empirical, samples: [267.25s, 331.25s, 332.25s]}'
# a bad export: exit 2 at its place, nothing written, the last outputs kept
sed 's/"Average": 2.0,/"Average": -2.0,/' "$d/capacity.json" >negative.json
expect_exit 2 "a negative count" "$ttsim" calibrate "$sc" --activities "$ex" --capacity negative.json -o cap
contains "$work/err" "negative.json:"
contains "$work/err" "error: 'Average' must be >= 0, got -2.0"
same cap/calibrate.svg cap2/calibrate.svg
expect_exit 2 "a missing export" "$ttsim" calibrate "$sc" --activities "$ex" --capacity none.json -o capnone
contains "$work/err" "none.json"
absent capnone/calibrate.csv
absent capnone/calibrate.svg

# ---- --fit: a history made under known knobs, timed as an account's ----
# Twelve hours of a busier endpoint (five spells of load, 47 activities),
# run with provisioning 270 s and a 120 s metric delay; each activity's
# times moved by its own few seconds (make_history.py --jitter).  The fit
# must find both knobs within one step of their grid; a history made with
# another rule (the scale-in cooldown counted from the decision: 240 s
# from the completion, with 60 s deprovisioning, is 300 s from the
# decision) must be called a mismatch at its best setting.
python3 - <<'PY' >busy.json
import datetime, json, math
t0 = datetime.datetime(2024, 3, 4, tzinfo=datetime.timezone.utc)
spells = [(60, 90, 1800), (200, 40, 2600), (330, 70, 1500), (480, 50, 3000), (620, 60, 2100)]
pts = []
for m in range(720):
    v = 250 + 60 * math.sin(m / 37.0)
    for start, length, peak in spells:
        if start <= m < start + length:
            v += peak * math.sin(math.pi * (m - start) / length) ** 0.5
    pts.append({"Timestamp": (t0 + datetime.timedelta(minutes=m)).isoformat(),
                "Sum": round(v), "Unit": "None"})
print(json.dumps({"Label": "Invocations", "Datapoints": pts}, indent=4))
PY
sed 's|invocations.json|busy.json|' "$sc" >busy.yaml
expect_exit 0 "the busy history, simulated" "$ttsim" run busy.yaml -q -o truth \
	--set instance.provisioning=270s --set aws.metric_delay=120s
to_activities truth/events.csv --origin 2024-03-04T00:00:00+00:00 --jitter 7 >truth.json
expect_exit 0 "fit" "$ttsim" calibrate busy.yaml --activities truth.json -o fit \
	--fit instance.provisioning=180s:420s:30s --fit aws.metric_delay=0:180s:60s \
	--jobs 2 --write-fit fit/fit.yaml
contains "$work/out" "fit: 36 settings; best: instance.provisioning=270s, aws.metric_delay=2m (loss "
contains "$work/out" "fit: consistent: at the best setting the history follows the scenario's rules"
contains "$work/out" "matched: 47"
contains "$work/out" "wrote fit/fit.csv"
cat >want.yaml <<'YAML'
aws:
  metric_delay: 2m
instance:
  provisioning: 270s
YAML
tail -n +2 fit/fit.yaml >got.yaml
same want.yaml got.yaml
head -1 fit/fit.yaml | grep -q "^# ttsim calibrate --fit: the setting that reproduced truth.json best (loss " && pass || fail "fit.yaml's first line: $(head -1 fit/fit.yaml)"
lines=$(wc -l <fit/fit.csv)
if [ "$lines" -eq 37 ]; then pass; else fail "fit.csv has $lines lines, want 37"; fi
contains fit/fit.csv "instance.provisioning,aws.metric_delay,loss,decision_error_min,capacity_above_instance_min,capacity_below_instance_min,matched,unmatched_recorded,unmatched_simulated,median_decision_offset_s,median_completion_offset_s"
# the best setting's calibrate.csv is that of a plain calibration with it
expect_exit 0 "the best setting, by hand" "$ttsim" calibrate busy.yaml --activities truth.json -o best \
	--set instance.provisioning=270s --set aws.metric_delay=2m
same fit/calibrate.csv best/calibrate.csv
expect_exit 0 "fit on one thread" "$ttsim" calibrate busy.yaml --activities truth.json -o fit1 -q \
	--fit instance.provisioning=180s:420s:30s --fit aws.metric_delay=0:180s:60s --jobs 1
same fit/fit.csv fit1/fit.csv

expect_exit 0 "another rule, simulated" "$ttsim" run busy.yaml -q -o other \
	--set instance.provisioning=270s --set aws.metric_delay=120s \
	--set 'policies[0].TargetTrackingScalingPolicyConfiguration.ScaleInCooldown=240'
to_activities other/events.csv --origin 2024-03-04T00:00:00+00:00 --jitter 7 >other.json
expect_exit 0 "fit another rule" "$ttsim" calibrate busy.yaml --activities other.json -o otherfit \
	--fit instance.provisioning=180s:420s:30s --fit aws.metric_delay=0:180s:60s
contains "$work/out" "fit: mismatch: at the best setting "
contains "$work/out" "the knobs fitted do not explain the history"

# an inference component: copies, the copy's load fitted
python3 - <<'PY' >ic-load.json
import datetime, json
t0 = datetime.datetime(2024, 3, 4, tzinfo=datetime.timezone.utc)
pts = [{"Timestamp": (t0 + datetime.timedelta(minutes=m)).isoformat(),
        "Sum": 0 if m < 120 else 30 if m < 360 else 70 if m < 540 else 0,
        "Unit": "None"} for m in range(720)]
print(json.dumps({"Label": "Invocations", "Datapoints": pts}, indent=4))
PY
sed -e '/^workload:/,$d' "$src/scenarios/ic-scale-to-zero.yaml" >ic.yaml
echo 'workload: {trace: {file: ic-load.json, format: cloudwatch}}' >>ic.yaml
expect_exit 0 "a component's history, simulated" "$ttsim" run ic.yaml -q -o icrec
to_activities icrec/events.csv --origin 2024-03-04T00:00:00+00:00 --jitter 3 --component my-llm >ic.json
expect_exit 0 "fit a component" "$ttsim" calibrate ic.yaml --activities ic.json -o icfit \
	--fit inference_component.copy_load=90s:210s:30s
contains "$work/out" "fit: 5 settings; best: inference_component.copy_load=150s (loss "
contains "$work/out" "fit: consistent"
contains "$work/out" "copy-minutes"
if grep -q "as a scenario" "$work/out"; then fail "a component's delays offered as instance.provisioning"; else pass; fi
contains icfit/calibrate.svg ">copies</text>"

# usage of --fit
expect_exit 2 "--write-fit without --fit" "$ttsim" calibrate busy.yaml --activities truth.json --write-fit x.yaml
contains "$work/err" "ttsim calibrate: error: --write-fit writes what --fit found"
expect_exit 2 "--jobs without --fit" "$ttsim" calibrate busy.yaml --activities truth.json --jobs 2
contains "$work/err" "ttsim calibrate: error: --jobs is for --fit's settings"
expect_exit 2 "bad --jobs" "$ttsim" calibrate busy.yaml --activities truth.json --fit aws.metric_delay=0,60s --jobs 0
contains "$work/err" "ttsim calibrate: error: invalid --jobs '0' (expected 1 to 1024)"
expect_exit 2 "a --set of two values with --fit" "$ttsim" calibrate busy.yaml --activities truth.json \
	--fit aws.metric_delay=0,60s --set aws.zero_traffic=zero,missing
contains "$work/err" "ttsim calibrate: error: --set 'aws.zero_traffic=zero,missing' gives 2 values; with --fit each --set takes one"
expect_exit 2 "--write-fit of a list item" "$ttsim" calibrate busy.yaml --activities truth.json \
	--fit 'policies[0].TargetTrackingScalingPolicyConfiguration.ScaleInCooldown=240,300' --write-fit x.yaml
contains "$work/err" "ttsim calibrate: error: --write-fit cannot write 'policies[0].TargetTrackingScalingPolicyConfiguration.ScaleInCooldown' as a scenario fragment"
expect_exit 2 "--fit with the scenario on standard input" sh -c "'$ttsim' calibrate - --activities truth.json --fit aws.metric_delay=0,60s <busy.yaml"
contains "$work/err" "ttsim calibrate: error: --fit needs the scenario as a file"
expect_exit 2 "a bad --fit range" "$ttsim" calibrate busy.yaml --activities truth.json --fit aws.metric_delay=60s:0:30s
contains "$work/err" "--fit 'aws.metric_delay=60s:0:30s': error: invalid range"
expect_exit 2 "a --fit value the scenario refuses" "$ttsim" calibrate busy.yaml --activities truth.json -o badfit \
	--fit aws.metric_delay=0,-5s
contains "$work/err" "--fit 'aws.metric_delay=-5s':1:18: error: duration must not be negative, got '-5s' (combination 2 of 2: aws.metric_delay=-5s)"
absent badfit/calibrate.csv
absent badfit/fit.csv

# ---- bad input: exit 2 at its place, nothing written ----
sed 's/"2024-03-01T\([0-9:.]*\)+00:00"/"2024-03-01 \1"/' one.json >naive.json
expect_exit 2 "a time without an offset" "$ttsim" calibrate "$sc" --activities naive.json -o one
contains "$work/err" "naive.json:10:26: error: 'StartTime' is not a time"
same one/calibrate.csv again/calibrate.csv
sed 's|endpoint/checkout/variant/AllTraffic|endpoint/search/variant/AllTraffic|' one.json >other.json
expect_exit 2 "another scalable target" "$ttsim" calibrate "$sc" --activities other.json -o other
contains "$work/err" "other.json:6:27: error: ResourceId 'endpoint/search/variant/AllTraffic' is not the scenario's resource 'endpoint/checkout/variant/AllTraffic'"
absent other/calibrate.csv
cat >synthetic.yaml <<'YAML'
resource: endpoint/checkout/variant/AllTraffic
capacity: {initial: 2, min: 1, max: 10}
policies:
  - {name: p, TargetTrackingScalingPolicyConfiguration: {TargetValue: 300, PredefinedMetricSpecification: {PredefinedMetricType: SageMakerVariantInvocationsPerInstance}}}
workload: {synthetic: {shape: constant, rate: 600}}
simulation: {duration: 1h}
YAML
expect_exit 2 "a synthetic workload" "$ttsim" calibrate synthetic.yaml --activities one.json -o syn
contains "$work/err" "synthetic.yaml:5:23: error: calibrate needs the recorded workload as a trace with wall-clock times"
printf 'time,count\n0,100\n60,120\n120,90\n' >relative.csv
sed 's|workload: .*|workload: {trace: {file: relative.csv, format: counts}}|' synthetic.yaml >relative.yaml
expect_exit 2 "a trace without wall-clock times" "$ttsim" calibrate relative.yaml --activities one.json -o rel
contains "$work/err" "relative.yaml:5:26: error: calibrate needs the recorded workload as a trace with wall-clock times (a CloudWatch export), to put the recorded activities on its clock; this trace has none"
absent rel/calibrate.csv
expect_exit 2 "a missing file" "$ttsim" calibrate "$sc" --activities nothing.json -o none
contains "$work/err" "nothing.json"

cli_done
