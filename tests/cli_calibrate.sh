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
contains "$work/out" "usage: ttsim calibrate SCENARIO.yaml --activities FILE"
expect_exit 2 "no activities" "$ttsim" calibrate "$sc"
contains "$work/err" "ttsim calibrate: error: needs --activities FILE"
expect_exit 2 "no scenario" "$ttsim" calibrate --activities x.json
contains "$work/err" "ttsim calibrate: error: needs a scenario"
expect_exit 2 "two scenarios" "$ttsim" calibrate "$sc" "$sc" --activities x.json
contains "$work/err" "ttsim calibrate: error: takes one scenario"
expect_exit 2 "bad window" "$ttsim" calibrate "$sc" --activities x.json --window 0
contains "$work/err" "ttsim calibrate: error: invalid --window '0'"

# ---- a history built by ttsim ----
expect_exit 0 "the recorded period, simulated" "$ttsim" run "$sc" -o rec -q

# events.csv -> describe-scaling-activities output.  FORM: one (one page),
# cat (one page per activity, one after another), array (the same pages
# in a JSON array); DROP: an activity index to leave out (-1: none);
# EXTRA: add an activity the simulation never decided.
to_activities() {
	python3 - "$@" <<'PY'
import csv, datetime, json, sys
events, form, drop, extra = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
origin = datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)
acts = []
for r in csv.DictReader(open(events)):
    if r["reason"] == "InProgress":
        acts.append(dict(r, end=None))
    elif r["reason"] == "Successful":
        for a in acts:
            if a["end"] is None and (a["from"], a["to"]) == (r["from"], r["to"]):
                a["end"] = float(r["time_s"])
                break
def iso(s):
    return (origin + datetime.timedelta(seconds=s)).isoformat(timespec="microseconds")
def activity(i, direction, to, start, end):
    x = {"ActivityId": "act-%03d" % i, "ServiceNamespace": "sagemaker",
         "ResourceId": "endpoint/checkout/variant/AllTraffic",
         "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
         "Description": "Setting desired instance count to %s." % to,
         "Cause": "monitor alarm TargetTracking-endpoint/checkout/variant/"
                  "AllTraffic-Alarm%s in state ALARM triggered policy "
                  "checkout-invocations" % ("High" if direction == "out" else "Low"),
         "StartTime": iso(start), "StatusCode": "Successful",
         "StatusMessage": "Successfully set desired instance count to %s." % to}
    if end is not None:
        x["EndTime"] = iso(end)
    return x
out = [activity(i, a["direction"], a["to"], float(a["time_s"]) + 7.25,
                a["end"] - 3 if a["end"] is not None else None)
       for i, a in enumerate(acts) if i != drop]
if extra:
    # out to 9 at 14:00, when the simulation stays at 1
    out.append(activity(99, "out", 9, 5 * 3600, 5 * 3600 + 300))
    out.append(activity(100, "in", 1, 5 * 3600 + 900, 5 * 3600 + 960))
out.sort(key=lambda x: x["StartTime"], reverse=True)  # newest first
if form == "one":
    print(json.dumps({"ScalingActivities": out}, indent=4))
else:
    pages = [{"ScalingActivities": [x]} for x in out]
    for i, p in enumerate(pages[:-1]):
        p["NextToken"] = "page-%d" % (i + 2)
    if form == "array":
        print(json.dumps(pages, indent=2))
    else:
        print("\n".join(json.dumps(p, indent=4) for p in pages))
PY
}

to_activities rec/events.csv one -1 0 >one.json
to_activities rec/events.csv cat -1 0 >cat.json
to_activities rec/events.csv array -1 0 >array.json
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
to_activities rec/events.csv one 1 1 >gaps.json
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
