#!/bin/sh
# cli_plot.sh - `ttsim plot` as a user runs it.
#
#   tests/cli_plot.sh path/to/ttsim
#
# A run plotted from its files (events and summary found beside the
# timeline), parsed by Python's XML parser; the same bytes twice; the
# pictures `ttsim run` draws from memory the same bytes as from the files;
# an inference component's copies and instances; a sweep table;
# report.html; exit codes, atomic output, help; -oFILE, --output=FILE and
# --; any one input as `-`, named <stdin>.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

cd "$work" || exit 1

# ---- a run ----
expect_exit 0 "run seed-predefined" "$ttsim" run -q "$src/scenarios/seed-predefined.yaml" -o run
expect_exit 0 "plot a run" "$ttsim" plot run/timeline.csv -o run.svg
well_formed run.svg
contains run.svg 'class="target-line"'
contains run.svg '>scale-out<'
contains run.svg '>seed predefined metric<'
expect_exit 0 "plot it again" "$ttsim" plot run/timeline.csv -o again.svg
if cmp -s run.svg again.svg; then pass; else fail "two plots differ"; fi
expect_exit 0 "plot to stdout" "$ttsim" plot run/timeline.csv -o -
if cmp -s "$work/out" run.svg; then pass; else fail "-o - differs from the file"; fi

# `ttsim run` draws its pictures from the run it keeps in memory, not from
# the files it writes: they must be the bytes `ttsim plot` draws from those
# files.  One run of each kind: fluid, request mode with latency and
# timestamps, step scaling with user alarms, scheduled actions with bounds,
# an inference component, an HPA, and KEDA's HPA in request mode; the
# longer ones are reduced to pixel columns (more rows than twice the width).
for sc in seed-predefined azure-llm-request ecs-step scheduled-weekdays \
	ic-scale-to-zero compare/hpa-default keda-worker; do
	d=mem-$(echo "$sc" | tr / -)
	expect_exit 0 "run $sc" "$ttsim" run -q "$src/scenarios/$sc.yaml" -o "$d"
	expect_exit 0 "plot $sc from its files" "$ttsim" plot "$d/timeline.csv" -o "$d.svg"
	same "$d/timeline.svg" "$d.svg" "$sc: the run's picture and the files'"
	expect_exit 0 "report $sc from its files" "$ttsim" plot --html "$d" -o "$d.html"
	same "$d/report.html" "$d.html" "$sc: the run's report and the files'"
done

# a name with quotes and a comma, quoted in the files as CSV quotes it
# ("policy ""one"", first"): the files read back the name the run drew
cat >quoted.yaml <<'YAML'
name: 'say "hi", then'
capacity: {initial: 1, min: 1, max: 8}
policies:
  - name: 'policy "one", first'
    TargetTrackingScalingPolicyConfiguration:
      TargetValue: 100
      PredefinedMetricSpecification: {PredefinedMetricType: SageMakerVariantInvocationsPerInstance}
workload: {synthetic: {shape: step, rate: 50, steps: [{at: 20m, rate: 600}, {at: 3h, rate: 50}]}}
simulation: {duration: 5h}
YAML
expect_exit 0 "run a scenario with quoted names" "$ttsim" run -q quoted.yaml -o quoted
contains quoted/events.csv '"policy ""one"", first"'
expect_exit 0 "plot it from its files" "$ttsim" plot quoted/timeline.csv -o quoted.svg
same quoted/timeline.svg quoted.svg "quoted names: the run's picture and the files'"
expect_exit 0 "report it from its files" "$ttsim" plot --html quoted -o quoted.html
same quoted/report.html quoted.html "quoted names: the run's report and the files'"

# explicit files, and none
expect_exit 0 "plot without events and summary" \
	"$ttsim" plot run/timeline.csv --no-events --no-summary -o bare.svg
well_formed bare.svg
contains bare.svg 'no summary.json'
cp run/timeline.csv alone.csv
expect_exit 0 "plot a lone timeline" "$ttsim" plot alone.csv -o alone.svg
contains alone.svg 'no events.csv'
expect_exit 0 "plot with named files" "$ttsim" plot alone.csv \
	--events run/events.csv --summary run/summary.json -o named.svg
contains named.svg 'class="scale-in-line"'

# request mode with wall-clock times, from the golden files
expect_exit 0 "plot a request-mode run" \
	"$ttsim" plot "$src/tests/golden/azure-llm-request/timeline.csv" -o req.svg
well_formed req.svg
contains req.svg 'class="series-p99"'

# an inference component's run: copies, instances and failed requests
mkdir -p ic
for f in timeline.csv events.csv summary.json; do cp "$src/tests/data/plot-ic/$f" ic/; done
expect_exit 0 "plot an inference component's run" "$ttsim" plot ic/timeline.csv -o ic.svg
well_formed ic.svg
contains ic.svg 'class="series-instances"'
contains ic.svg 'class="series-copies-in-service"'
contains ic.svg '>requests failed (no copy)<'
contains ic.svg '24.5 min at zero copies, 1 wake-up'
expect_exit 0 "html report of an inference component's run" "$ttsim" plot --html ic -o ic.html
contains ic.html 'class="no-capacity"'
contains ic.html 'Cold starts: 1, waiting for a copy p50 17.5 min, p99 17.5 min'
contains ic.html '>cold-start wait p99 (s)<'
contains ic.html 'desired at most 4 copies'

# ---- the World Cup run stays small ----
expect_exit 0 "run seed-cooldown" "$ttsim" run -q "$src/scenarios/seed-cooldown.yaml" -o wc
expect_exit 0 "plot the World Cup run" "$ttsim" plot wc/timeline.csv -o wc.svg
well_formed wc.svg
same wc/timeline.svg wc.svg "the World Cup run's picture and its files'"
expect_exit 0 "report the World Cup run" "$ttsim" plot --html wc -o wc.html
same wc/report.html wc.html "the World Cup run's report and its files'"
size=$(wc -c <wc.svg)
if [ "$size" -lt 1000000 ]; then pass; else fail "wc.svg is $size bytes"; fi

# ---- a sweep ----
cat >sweep.csv <<'EOF'
policies[0].TargetValue,cost,p99_latency_ms
50,30,200
70,20,300
90,15,500
50,60,210
EOF
expect_exit 0 "plot a sweep" "$ttsim" plot --sweep sweep.csv --x cost --y p99_latency_ms -o sweep.svg
well_formed sweep.svg
contains sweep.svg '3 on the Pareto front'
expect_exit 2 "sweep without --y" "$ttsim" plot --sweep sweep.csv --x cost -o s2.svg
expect_exit 2 "sweep with an unknown column" \
	"$ttsim" plot --sweep sweep.csv --x cost --y p95 -o s2.svg
contains "$work/err" "sweep.csv:1:1: error: no column 'p95' in the sweep header"
if [ ! -e s2.svg ]; then pass; else fail "a failed sweep plot left s2.svg"; fi

# ---- report.html ----
expect_exit 0 "html report" "$ttsim" plot --html run -o report.html
contains report.html '<table class="summary">'
contains report.html '<table class="events">'
if grep -q -e 'http:' -e 'https:' -e 'src=' report.html; then
	fail "report.html refers to something outside itself"
else pass; fi

# ---- errors, exit codes, atomic output ----
echo "old" >keep.svg
expect_exit 2 "missing timeline" "$ttsim" plot nothere.csv -o keep.svg
contains "$work/err" "nothere.csv: error: cannot open timeline 'nothere.csv'"
if [ "$(cat keep.svg)" = old ]; then pass; else fail "a failed plot replaced keep.svg"; fi
printf 'time_s,invocations\n0,1\n' >bad.csv
expect_exit 2 "timeline without columns" "$ttsim" plot bad.csv -o keep.svg
contains "$work/err" "bad.csv:1:1: error: no column 'desired' in the timeline header"
if [ "$(ls -A | grep -c '^\.keep\|tmp')" -eq 0 ]; then pass; else fail "temporary files left: $(ls -A)"; fi
expect_exit 2 "no output" "$ttsim" plot run/timeline.csv
expect_exit 2 "nothing to draw" "$ttsim" plot -o x.svg
expect_exit 2 "two forms" "$ttsim" plot run/timeline.csv --html run -o x.svg
expect_exit 2 "unknown option" "$ttsim" plot run/timeline.csv --colour red -o x.svg
expect_exit 2 "bad width" "$ttsim" plot run/timeline.csv --width 10 -o x.svg
expect_exit 2 "html of an empty dir" sh -c "mkdir -p empty && '$ttsim' plot --html empty -o r.html"
expect_exit 0 "help" "$ttsim" plot --help
contains "$work/out" "usage: ttsim plot TIMELINE.csv"

# ---- the habits of a Unix command ----
# -oFILE, --output=FILE, -- and options after it all draw the same picture
expect_exit 0 "plot -oFILE" "$ttsim" plot run/timeline.csv -orun-o.svg
same run-o.svg run.svg "plot -oFILE"
expect_exit 0 "plot --output=FILE" "$ttsim" plot --output=run-eq.svg run/timeline.csv
same run-eq.svg run.svg "plot --output=FILE"
expect_exit 0 "plot -o FILE -- TIMELINE" "$ttsim" plot -o run-dd.svg -- run/timeline.csv
same run-dd.svg run.svg "plot -- TIMELINE"
expect_exit 2 "plot --width=abc" "$ttsim" plot run/timeline.csv --width=abc -o x.svg
# - is standard input: any one input, named <stdin>
expect_exit 0 "plot - (a timeline on stdin)" \
	"$ttsim" plot - --events run/events.csv --summary=run/summary.json -o stdin.svg <run/timeline.csv
same stdin.svg run.svg "plot - with its events and summary"
expect_exit 0 "plot - (a lone timeline, piped)" sh -c "cat alone.csv | '$ttsim' plot -o pipe.svg -"
well_formed pipe.svg
contains pipe.svg 'ttsim run: &lt;stdin&gt;'
expect_exit 0 "plot --events -" "$ttsim" plot run/timeline.csv --events - -o ev.svg <run/events.csv
same ev.svg run.svg "plot --events -"
expect_exit 0 "plot --sweep -" "$ttsim" plot --sweep - --x cost --y p99_latency_ms -o sweep-stdin.svg <sweep.csv
contains sweep-stdin.svg '&lt;stdin&gt;'
expect_exit 2 "plot - (bad timeline)" "$ttsim" plot - -o keep.svg <bad.csv
contains "$work/err" "<stdin>:1:1: error: no column 'desired' in the timeline header"
if [ "$(cat keep.svg)" = old ]; then pass; else fail "a failed plot - replaced keep.svg"; fi
expect_exit 2 "plot --sweep - (unknown column)" "$ttsim" plot --sweep - --x cost --y p95 -o s3.svg <sweep.csv
contains "$work/err" "<stdin>:1:1: error: no column 'p95' in the sweep header"
expect_exit 2 "plot - --events - (stdin twice)" "$ttsim" plot - --events - -o x.svg <run/timeline.csv
contains "$work/err" "ttsim plot: error: '-' (standard input) given twice"
if [ ! -e x.svg ] && [ ! -e s3.svg ]; then pass; else fail "a refused plot wrote x.svg or s3.svg"; fi

cli_done
